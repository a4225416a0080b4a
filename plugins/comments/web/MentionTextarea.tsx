import { useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { useProfile } from '@skyportal/sdk/web';
import { insertMention, mentionAt, suggestions } from './mention-text';
import { useGroupMembers } from './mentions';

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> {
  value: string;
  onChange: (value: string) => void;
  /** Whose usernames are suggested after `@`: the members of these groups. */
  groupIds: readonly number[];
  /** Enter (without Shift) when no suggestion is open: the chat sends on it. */
  onEnter?: () => void;
}

/**
 * A textarea that suggests usernames after `@` (a combobox: arrows move, Enter or Tab picks,
 * Escape closes), so a mention names someone who exists and can read it.
 */
export function MentionTextarea({ value, onChange, groupIds, onEnter, ...rest }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [closed, setClosed] = useState(false);
  const [active, setActive] = useState(0);
  const typing = mentionAt(value, caret);
  const me = useProfile()?.id;
  const members = useGroupMembers(groupIds, typing !== null || value.includes('@'));
  // Mentioning oneself notifies nobody (the server skips the author).
  const options =
    typing && !closed
      ? suggestions(
          members.filter((member) => member.id !== me),
          typing.query,
        )
      : [];
  const open = options.length > 0;
  const chosen = Math.min(active, options.length - 1);

  function pick(username: string) {
    if (!typing) return;
    const next = insertMention(value, typing.start, caret, username);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => area.current?.setSelectionRange(next.caret, next.caret));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((chosen + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(options[chosen]!.username);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setClosed(true);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && onEnter) {
      event.preventDefault();
      onEnter();
    }
  }

  return (
    <div className="comments-mention">
      <textarea
        {...rest}
        ref={area}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${chosen}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setClosed(false);
          setActive(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setClosed(true)}
        onFocus={() => setClosed(false)}
      />
      <ul id={listId} role="listbox" aria-label="People to mention" className="comments-mention__list" hidden={!open}>
        {options.map((member, index) => (
          <li
            key={member.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === chosen}
            className={index === chosen ? 'comments-mention__option comments-mention__option--active' : 'comments-mention__option'}
            // mousedown, not click: the textarea keeps focus (its blur would close the list first).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(member.username);
            }}
          >
            @{member.username}
            {member.first_name || member.last_name ? (
              <span className="sp-muted"> {[member.first_name, member.last_name].filter(Boolean).join(' ')}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
