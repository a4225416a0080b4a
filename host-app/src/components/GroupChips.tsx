import type { GroupRef } from '@skyportal/sdk/web';

export function GroupChips({ groups }: { groups: GroupRef[] }) {
  return (
    <span className="sp-chips">
      {groups.map((group) => (
        <span key={group.id} className="sp-chip" title={group.name}>
          {group.nickname || group.name}
        </span>
      ))}
    </span>
  );
}
