import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { classOptions, formatPath, searchClasses, type ClassOption } from './taxonomy';
import type { TaxonomyNode } from '../types';

/** More than this many matches: the list says how many more, and typing narrows it. */
const SHOWN = 60;

interface Props {
  label: string;
  hierarchy: TaxonomyNode | undefined;
  /** The chosen class name, or '' for none. */
  value: string;
  onChange(className: string): void;
  disabled?: boolean;
  placeholder?: string;
  /** Show the chosen class's path under the field (default), or only as its tooltip (in a one-line form). */
  pathBelow?: boolean;
}

/**
 * A searchable class picker (an ARIA combobox): typing narrows the taxonomy's classes by any part
 * of their path ("sn ia", "Transient > SN"), each listed with its path; arrows move, Enter chooses,
 * Escape closes. What is typed counts only once a class is chosen from the list.
 */
export function ClassPicker({ label, hierarchy, value, onChange, disabled, placeholder = 'Type to search classes', pathBelow = true }: Props) {
  const id = useId();
  const options = useMemo(() => classOptions(hierarchy), [hierarchy]);
  const chosen = options.find((option) => option.name === value);
  const [text, setText] = useState<string | null>(null); // null: showing the chosen class
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const shownText = text ?? value;
  const matches = useMemo(() => (open ? searchClasses(options, text ?? '') : []), [open, options, text]);
  const shown = matches.slice(0, SHOWN);

  function choose(option: ClassOption) {
    onChange(option.name);
    setText(null);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (shown.length ? (current + step + shown.length) % shown.length : 0));
    } else if (event.key === 'Enter' && open) {
      // Enter picks the highlighted class rather than submitting the form half-filled.
      event.preventDefault();
      if (shown[active]) choose(shown[active]!);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setText(null);
    }
  }

  return (
    <div className="classif-picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-activedescendant={open && shown[active] ? `${id}-option-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        value={shownText}
        title={chosen ? formatPath(chosen.path) : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
          if (value) onChange(''); // typing again un-chooses: only a class from the list counts
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        // Options keep the focus on mouse down (below), so a click on one lands before this closes the list.
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul id={`${id}-list`} role="listbox" aria-label={`${label} choices`} className="classif-picker__list">
          {shown.map((option, index) => (
            <li
              key={option.name}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              aria-label={formatPath(option.path)}
              className={`classif-picker__option${index === active ? ' classif-picker__option--active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(option)}
            >
              <span className="classif-picker__name">{option.name}</span>
              {option.path.length > 1 ? <span className="classif-picker__path">{formatPath(option.path.slice(0, -1))}</span> : null}
            </li>
          ))}
          {matches.length === 0 ? <li className="classif-picker__none">{hierarchy ? 'No class matches' : 'Choose a taxonomy first'}</li> : null}
          {matches.length > SHOWN ? <li className="classif-picker__none">{matches.length - SHOWN} more: keep typing</li> : null}
        </ul>
      ) : null}
      {pathBelow ? (
        <span className="classif-picker__chosen sp-muted" data-testid="chosen-class-path">
          {chosen ? formatPath(chosen.path) : '\u00a0'}
        </span>
      ) : null}
    </div>
  );
}
