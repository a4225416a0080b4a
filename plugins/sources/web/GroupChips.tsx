import type { SourceGroup } from '../types';

/** The groups a source is saved to, by nickname when the group has one. */
export function GroupChips({ groups }: { groups: Pick<SourceGroup, 'id' | 'name' | 'nickname'>[] }) {
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
