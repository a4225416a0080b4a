import { useMemo, useState } from 'react';
import { apiErrorOf, formatUtc, useProfile, type ApiError } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import type { Classification, Taxonomy } from '../types';
import { useSourceClassificationsQuery, useTaxonomiesQuery, useVoteMutation } from './api';
import { chipOrder, tallyVotes, voteAfterPressing } from './classifications';
import { classOptions, formatPath } from './taxonomy';

export const formatProbability = (probability: number | null) => (probability === null ? null : probability.toFixed(2));

/** The path of a class in its taxonomy ("Time-domain Source › Transient › SN › Ia"), or the class alone. */
export function usePathOf(taxonomies: Taxonomy[] | undefined): (classification: Classification) => string {
  return useMemo(() => {
    const paths = new Map<number, Map<string, string>>();
    for (const taxonomy of taxonomies ?? [])
      paths.set(taxonomy.id, new Map(classOptions(taxonomy.hierarchy).map((option) => [option.name, formatPath(option.path)])));
    return (classification) => paths.get(classification.taxonomy_id)?.get(classification.classification) ?? classification.classification;
  }, [taxonomies]);
}

/**
 * The source header's chips: each classification with its probability (and its taxonomy, when the
 * source has classifications in several; the chip's title gives its path and author), machine-learning
 * ones marked, the most probable first, with up/down votes (the caller's own shown pressed). They
 * refresh when anyone classifies or votes on the source (live, `classifications.changed`).
 */
export function ClassificationChips({ sourceId }: SourceSlotProps) {
  const { currentData: classifications, error } = useSourceClassificationsQuery(sourceId);
  const { data: taxonomies } = useTaxonomiesQuery();
  const pathOf = usePathOf(taxonomies);
  const taxonomyNames = new Map((taxonomies ?? []).map((taxonomy) => [taxonomy.id, taxonomy.name]));
  const failure = apiErrorOf(error);
  // Each chip names its taxonomy only when the source's classifications use more than one.
  const severalTaxonomies = new Set((classifications ?? []).map((classification) => classification.taxonomy_id)).size > 1;

  if (failure) return <p className="sp-muted">Classifications could not be loaded: {failure.message}</p>;
  if (!classifications) return null;
  return (
    <div className="classif-header" data-testid="classification-chips">
      {classifications.length === 0 ? (
        <span className="sp-muted" data-testid="no-classifications">
          Not classified yet
        </span>
      ) : (
        <ul className="classif-chips" aria-label="Classifications">
          {chipOrder(classifications).map((classification) => (
            <ClassificationChip
              key={classification.id}
              classification={classification}
              path={pathOf(classification)}
              taxonomyName={taxonomyNames.get(classification.taxonomy_id)}
              showTaxonomy={severalTaxonomies}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

interface ChipProps {
  classification: Classification;
  path: string;
  taxonomyName: string | undefined;
  showTaxonomy: boolean;
}

function ClassificationChip({ classification, path, taxonomyName, showTaxonomy }: ChipProps) {
  const profile = useProfile();
  const [vote, { isLoading: voting }] = useVoteMutation();
  const [error, setError] = useState<string | null>(null);
  const tally = tallyVotes(classification.votes, profile?.id);
  // The server takes votes from holders of Classify only: others see the counts.
  const canVote = profile?.acls.includes('Classify') ?? false;
  const name = classification.classification;
  const probability = formatProbability(classification.probability);
  const by = classification.ml ? `machine learning (${classification.origin ?? classification.author_name})` : classification.author_name;
  const details = [
    path,
    probability === null ? 'no probability given' : `P = ${probability}`,
    taxonomyName,
    `by ${by}`,
    classification.origin && !classification.ml ? `origin ${classification.origin}` : null,
    formatUtc(classification.created_at),
  ]
    .filter(Boolean)
    .join(' · ');

  async function press(pressed: 1 | -1) {
    setError(null);
    try {
      await vote({ id: classification.id, objId: classification.obj_id, vote: voteAfterPressing(tally.mine, pressed) }).unwrap();
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not vote');
    }
  }

  return (
    <li className={`classif-chip${classification.ml ? ' classif-chip--ml' : ''}`} data-testid="classification-chip" title={details}>
      <span className="classif-chip__label">
        <span className="classif-chip__name">{name}</span>
        {probability !== null ? <span className="classif-chip__probability">{probability}</span> : null}
        {classification.ml ? (
          <abbr className="classif-chip__ml" title="Made by a machine-learning classifier">
            ML
          </abbr>
        ) : null}
        {taxonomyName && showTaxonomy ? <span className="classif-chip__taxonomy">{taxonomyName}</span> : null}
      </span>
      <span className="classif-chip__votes" role="group" aria-label={`Votes on ${name}`}>
        <button
          type="button"
          className="classif-vote classif-vote--up"
          aria-pressed={tally.mine === 1}
          aria-label={`Agree with ${name}: ${tally.up} up`}
          title={!canVote ? 'Voting needs the Classify permission' : tally.mine === 1 ? 'You agree (press again to withdraw)' : 'Agree'}
          disabled={voting || !canVote}
          onClick={() => press(1)}
        >
          <span aria-hidden="true">▲</span> <span data-testid="upvotes">{tally.up}</span>
        </button>
        <button
          type="button"
          className="classif-vote classif-vote--down"
          aria-pressed={tally.mine === -1}
          aria-label={`Disagree with ${name}: ${tally.down} down`}
          title={!canVote ? 'Voting needs the Classify permission' : tally.mine === -1 ? 'You disagree (press again to withdraw)' : 'Disagree'}
          disabled={voting || !canVote}
          onClick={() => press(-1)}
        >
          <span aria-hidden="true">▼</span> <span data-testid="downvotes">{tally.down}</span>
        </button>
      </span>
      {error ? (
        <span className="sp-form__error classif-chip__error" role="alert">
          {error}
        </span>
      ) : null}
    </li>
  );
}
