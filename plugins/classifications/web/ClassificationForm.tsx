import { useId, useMemo, useState, type FormEvent } from 'react';
import { apiErrorOf, FormError, useProfile, type ApiError } from '@skyportal/sdk/web';
import type { Source } from '@skyportal/plugin-sources/types';
import type { Taxonomy } from '../types';
import { useClassifyMutation, useTaxonomiesQuery } from './api';
import { parseProbability } from './classifications';
import { ClassPicker } from './ClassPicker';

/** Latest versions first, then by name; an older version says so. */
export function taxonomyChoices(taxonomies: readonly Taxonomy[] | undefined): Taxonomy[] {
  return [...(taxonomies ?? [])].sort((a, b) => Number(b.isLatest) - Number(a.isLatest) || a.name.localeCompare(b.name) || b.id - a.id);
}

export const taxonomyLabel = (taxonomy: Taxonomy) => `${taxonomy.name} (${taxonomy.version})${taxonomy.isLatest ? '' : ' — not the latest'}`;

interface Props {
  source: Source;
}

/**
 * Classifies the source: a taxonomy the caller can see, a class of it (searched through its tree), a
 * probability (0–1, checked as typed), and the groups who see the classification (at first, those of
 * the caller's groups the source is saved to).
 */
export function ClassificationForm({ source }: Props) {
  const id = useId();
  const profile = useProfile();
  const { data: taxonomies, error: taxonomiesError } = useTaxonomiesQuery();
  const choices = useMemo(() => taxonomyChoices(taxonomies), [taxonomies]);
  const [taxonomyId, setTaxonomyId] = useState<number | null>(null);
  const taxonomy = choices.find((choice) => choice.id === taxonomyId) ?? choices[0];
  const [className, setClassName] = useState('');
  const [probabilityText, setProbabilityText] = useState('1');
  const probability = parseProbability(probabilityText);
  const [probabilityTouched, setProbabilityTouched] = useState(false);
  const groups = (profile?.groups ?? []).filter((group) => !group.single_user_group);
  const sourceGroupIds = new Set(source.groups.map((group) => group.id));
  const initialGroups = groups.filter((group) => sourceGroupIds.has(group.id)).map((group) => group.id);
  const [chosenGroups, setChosenGroups] = useState<number[] | null>(null);
  const groupIds = chosenGroups ?? (initialGroups.length ? initialGroups : groups.map((group) => group.id));
  const [error, setError] = useState<string | null>(null);
  const [classify, { isLoading: saving }] = useClassifyMutation();

  if (!profile) return null;
  if (!profile.acls.includes('Classify')) return <p className="sp-muted">Classifying a source needs the Classify permission.</p>;
  if (taxonomiesError) return <FormError error={`Taxonomies could not be loaded: ${apiErrorOf(taxonomiesError)?.message}`} />;
  if (taxonomies && choices.length === 0) return <p className="sp-muted">No taxonomy is shared with your groups yet: classifying needs one.</p>;

  function toggle(groupId: number) {
    setChosenGroups(groupIds.includes(groupId) ? groupIds.filter((g) => g !== groupId) : [...groupIds, groupId]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setProbabilityTouched(true);
    if (!taxonomy || !className || !probability.ok) return;
    try {
      await classify({
        obj_id: source.id,
        classification: className,
        taxonomy_id: taxonomy.id,
        probability: probability.value ?? null,
        ...(groupIds.length ? { group_ids: groupIds } : {}),
      }).unwrap();
      setClassName('');
      setProbabilityText('1');
      setProbabilityTouched(false);
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not classify');
    }
  }

  const probabilityError = !probability.ok && (probabilityTouched || probabilityText.trim() !== '') ? probability.error : null;
  return (
    <form className="sp-form classif-form" onSubmit={submit} aria-label="Classify this source" noValidate>
      <div className="classif-form__row">
        <label>
          Taxonomy
          <select
            value={taxonomy?.id ?? ''}
            onChange={(event) => {
              setTaxonomyId(Number(event.target.value));
              setClassName(''); // a class belongs to its taxonomy
            }}
            disabled={!taxonomies}
          >
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {taxonomyLabel(choice)}
              </option>
            ))}
          </select>
        </label>
        <ClassPicker label="Class" hierarchy={taxonomy?.hierarchy} value={className} onChange={setClassName} disabled={!taxonomy} />
        <div className="classif-form__probability">
          <label htmlFor={`${id}-probability`}>Probability (0–1)</label>
          <input
            id={`${id}-probability`}
            inputMode="decimal"
            autoComplete="off"
            value={probabilityText}
            aria-invalid={probabilityError ? true : undefined}
            aria-describedby={probabilityError ? `${id}-probability-error` : undefined}
            placeholder="none"
            onChange={(event) => setProbabilityText(event.target.value)}
            onBlur={() => setProbabilityTouched(true)}
          />
          <div id={`${id}-probability-error`}>
            <FormError error={probabilityError} />
          </div>
        </div>
      </div>
      {groups.length ? (
        <fieldset className="sp-checklist sp-checklist--inline">
          <legend>Visible to</legend>
          {groups.map((group) => (
            <label key={group.id} className="sp-check">
              <input type="checkbox" checked={groupIds.includes(group.id)} onChange={() => toggle(group.id)} />
              {group.nickname || group.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="classif-form__actions">
        <button
          type="submit"
          className="sp-button"
          disabled={saving || !taxonomy || !className || !probability.ok || (groups.length > 0 && groupIds.length === 0)}
        >
          {saving ? 'Classifying…' : 'Classify'}
        </button>
        <span className="sp-muted">
          {!className ? 'Choose a class from the list' : groups.length > 0 && groupIds.length === 0 ? 'Choose who sees it' : null}
        </span>
      </div>
      <FormError error={error} />
    </form>
  );
}
