import { useState } from 'react';
import { apiErrorOf, ErrorCard, formatUtc, useProfile, type ApiError } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import type { Classification } from '../types';
import { useDeleteClassificationMutation, useSourceClassificationsQuery, useTaxonomiesQuery } from './api';
import { formatProbability, usePathOf } from './ClassificationChips';
import { chipOrder, mayDelete, tallyVotes } from './classifications';
import { ClassificationForm } from './ClassificationForm';

/**
 * The source page's "Classifications" card: the form, then every classification in full (path,
 * probability, taxonomy, who or what made it, groups, when, votes), with Delete on those the caller
 * may delete.
 */
export function ClassificationsPanel({ source, sourceId }: SourceSlotProps) {
  const { currentData: classifications, error } = useSourceClassificationsQuery(sourceId);
  const { data: taxonomies } = useTaxonomiesQuery();
  const pathOf = usePathOf(taxonomies);
  const taxonomyNames = new Map((taxonomies ?? []).map((taxonomy) => [taxonomy.id, `${taxonomy.name} ${taxonomy.version}`]));
  const profile = useProfile();
  const failure = apiErrorOf(error);

  return (
    <div className="classif-panel" data-testid="classifications-panel">
      <ClassificationForm source={source} />
      {failure ? <ErrorCard pluginName="classifications" title="Could not load the classifications" message={failure.message} /> : null}
      {classifications && classifications.length > 0 ? (
        <div className="sp-card--flush classif-table" tabIndex={0} role="region" aria-label="Classifications of this source">
          <table className="sp-table" aria-label="Classifications">
            <thead>
              <tr>
                <th>Class</th>
                <th className="sp-num">P</th>
                <th>Taxonomy</th>
                <th>By</th>
                <th>Groups</th>
                <th>When (UTC)</th>
                <th className="sp-num">Votes</th>
                <th>
                  <span className="classif-sr">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {chipOrder(classifications).map((classification) => (
                <Row
                  key={classification.id}
                  classification={classification}
                  path={pathOf(classification)}
                  taxonomy={taxonomyNames.get(classification.taxonomy_id) ?? `#${classification.taxonomy_id}`}
                  deletable={mayDelete(classification, profile)}
                  userId={profile?.id}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

interface RowProps {
  classification: Classification;
  path: string;
  taxonomy: string;
  deletable: boolean;
  userId: number | undefined;
}

function Row({ classification, path, taxonomy, deletable, userId }: RowProps) {
  const [confirming, setConfirming] = useState(false);
  const [remove, { isLoading: deleting }] = useDeleteClassificationMutation();
  const [error, setError] = useState<string | null>(null);
  const tally = tallyVotes(classification.votes, userId);
  const probability = formatProbability(classification.probability);

  async function confirmDelete() {
    setError(null);
    try {
      await remove({ id: classification.id, objId: classification.obj_id }).unwrap();
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not delete');
      setConfirming(false);
    }
  }

  return (
    <tr data-testid="classification-row">
      <td>
        <strong>{classification.classification}</strong>
        {path !== classification.classification ? <div className="sp-muted classif-table__path">{path}</div> : null}
      </td>
      <td className="sp-num">{probability ?? '—'}</td>
      <td>{taxonomy}</td>
      <td>
        {classification.author_name}
        {classification.ml ? (
          <abbr className="classif-chip__ml" title="Made by a machine-learning classifier">
            ML
          </abbr>
        ) : null}
        {classification.origin ? <div className="sp-muted">{classification.origin}</div> : null}
      </td>
      <td>{(classification.groups ?? []).map((group) => group.nickname || group.name).join(', ') || '—'}</td>
      <td className="sp-nowrap">{formatUtc(classification.created_at)}</td>
      <td className="sp-num sp-nowrap" aria-label={`${tally.up} up, ${tally.down} down`}>
        ▲{tally.up} ▼{tally.down}
      </td>
      <td className="sp-nowrap">
        {deletable && !confirming ? (
          <button
            type="button"
            className="sp-button sp-button--danger"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${classification.classification}`}
          >
            Delete
          </button>
        ) : null}
        {confirming ? (
          <span className="classif-confirm">
            <button type="button" className="sp-button sp-button--danger" disabled={deleting} onClick={confirmDelete}>
              {deleting ? 'Deleting…' : `Delete ${classification.classification}?`}
            </button>
            <button type="button" className="sp-button sp-button--quiet" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : null}
        {error ? (
          <span className="sp-form__error" role="alert">
            {error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
