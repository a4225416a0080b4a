import { forwardRef } from 'react';
import { Link } from 'react-router-dom';
import { Coordinates, formatUtc } from '@skyportal/sdk/web';
import { useScanSurveyLinksQuery } from './api';
import { decisionLabel, type Decision } from './decisions';
import { LightCurve } from './LightCurve';
import type { ScanCandidate, ScanGroup } from './model';
import { keyAnnotations } from './numbers';
import { Stamps } from './Stamps';

export interface CandidateCardProps {
  candidate: ScanCandidate;
  /** 1-based place in the whole result set (page offset included). */
  position: number;
  total: number;
  active: boolean;
  decision: Decision | undefined;
  /** Groups the user may save to, and those ticked for this candidate. */
  groups: ScanGroup[];
  chosenGroupIds: number[];
  filterNames: Map<number, string>;
  surveyLinks: boolean;
  onChooseGroups(ids: number[]): void;
  onActivate(): void;
  onSave(): void;
  onReject(): void;
  onUndoReject(): void;
  onSkip(): void;
}

/** Survey links shown on the card before "more". */
const SHOWN_LINKS = 5;

function SurveyLinks({ ra, dec }: { ra: number; dec: number }) {
  const { currentData: links } = useScanSurveyLinksQuery({ ra, dec });
  if (!links?.length) return null;
  const item = (link: (typeof links)[number]) => (
    <li key={link.name}>
      <a href={link.url} target="_blank" rel="noopener noreferrer" title={link.description ?? undefined}>
        {link.name}
      </a>
    </li>
  );
  // The first few (the site orders them); the rest one click away, so a card stays short.
  return (
    <>
      {links.slice(0, SHOWN_LINKS).map(item)}
      {links.length > SHOWN_LINKS ? (
        <li>
          <details>
            <summary>{links.length - SHOWN_LINKS} more</summary>
            <ul className="scan-links">{links.slice(SHOWN_LINKS).map(item)}</ul>
          </details>
        </li>
      ) : null}
    </>
  );
}

/**
 * One candidate: its cutouts, light curve, key scores with their origin, links, and what to do
 * with it. Everything the server sent that users wrote (names, annotation text) is rendered as
 * text by React, never as markup.
 */
export const CandidateCard = forwardRef<HTMLElement, CandidateCardProps>(function CandidateCard(props, ref) {
  const { candidate, position, total, active, decision, groups, chosenGroupIds, filterNames } = props;
  const id = candidate.id;
  const scores = keyAnnotations(candidate.annotations);
  const status = decisionLabel(decision);
  const busy = decision?.kind === 'saving' || decision?.kind === 'rejecting';
  const savedTo = new Set((candidate.saved_groups ?? []).map((g) => g.id));
  const filters = (candidate.filter_ids ?? []).map((fid) => filterNames.get(fid) ?? `filter ${fid}`);
  const headingId = `scan-candidate-${position}`;

  function toggle(groupId: number) {
    props.onChooseGroups(chosenGroupIds.includes(groupId) ? chosenGroupIds.filter((g) => g !== groupId) : [...chosenGroupIds, groupId]);
  }

  return (
    <article
      ref={ref}
      className={`scan-card${active ? ' scan-card--active' : ''}${decision && !busy && decision.kind !== 'failed' ? ` scan-card--${decision.kind}` : ''}`}
      aria-labelledby={headingId}
      aria-current={active ? 'true' : undefined}
      tabIndex={active ? 0 : -1}
      data-testid="scan-card"
      data-obj-id={id}
      onFocus={(event) => {
        if (event.target === event.currentTarget && !active) props.onActivate();
      }}
      onClick={() => {
        if (!active) props.onActivate();
      }}
    >
      <header className="scan-card__header">
        <span className="scan-card__position sp-muted">
          {position} / {total}
        </span>
        <h2 id={headingId} className="scan-card__name sp-mono">
          {id}
        </h2>
        <Coordinates ra={candidate.ra} dec={candidate.dec} />
        <span className="scan-card__passed">
          <span className="sp-muted">passed </span>
          {formatUtc(candidate.passed_at ?? candidate.passing_alerts?.[0]?.passed_at)}
          <span className="sp-muted"> UTC</span>
        </span>
        <span className="scan-card__filters">
          {filters.map((name) => (
            <span key={name} className="scan-chip">
              {name}
            </span>
          ))}
        </span>
        {candidate.is_source && savedTo.size ? (
          <span className="scan-chip scan-chip--saved">already saved to {(candidate.saved_groups ?? []).map((g) => g.name).join(', ')}</span>
        ) : null}
        {status ? (
          <span className={`scan-badge scan-badge--${decision!.kind}`} data-testid="scan-decision" role="status">
            {status}
          </span>
        ) : (
          <span data-testid="scan-decision" role="status" />
        )}
      </header>

      <div className="scan-card__body">
        <Stamps objId={id} thumbnails={candidate.thumbnails} />
        <LightCurve objId={id} points={candidate.photometry} />
        <div className="scan-card__side">
          {scores.length ? (
            <table className="scan-scores" aria-label={`Scores of ${id}`} data-testid="scan-scores">
              <tbody>
                {scores.map((score) => (
                  <tr key={`${score.origin}:${score.key}`} data-key={score.key}>
                    <th scope="row" className="sp-mono">
                      {score.key}
                    </th>
                    <td className={score.numeric ? 'scan-scores__num' : 'scan-scores__text'} title={score.full}>
                      {score.text}
                    </td>
                    <td className="scan-scores__origin">{score.origin}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="sp-muted">No annotations.</p>
          )}
          <ul className="scan-links" aria-label={`Links for ${id}`}>
            <li>
              <Link to={`/source/${encodeURIComponent(id)}`} data-testid="scan-source-link">
                Source page
              </Link>
            </li>
            {props.surveyLinks && candidate.ra !== null && candidate.dec !== null ? <SurveyLinks ra={candidate.ra} dec={candidate.dec} /> : null}
          </ul>
        </div>
      </div>

      <footer className="scan-card__actions">
        <fieldset className="scan-card__groups">
          <legend>Save to</legend>
          {groups.map((group) => (
            <label key={group.id} className="scan-check">
              <input
                type="checkbox"
                checked={savedTo.has(group.id) || chosenGroupIds.includes(group.id)}
                disabled={savedTo.has(group.id) || busy}
                onChange={() => toggle(group.id)}
              />
              {group.name}
            </label>
          ))}
          {groups.length === 0 ? <span className="sp-muted">You may save to none of your groups.</span> : null}
        </fieldset>
        <div className="scan-card__buttons">
          <button type="button" className="sp-button scan-button--save" disabled={busy} onClick={props.onSave} aria-keyshortcuts="s">
            Save <kbd>s</kbd>
          </button>
          {decision?.kind === 'rejected' ? (
            <button type="button" className="sp-button sp-button--quiet" onClick={props.onUndoReject}>
              Undo reject
            </button>
          ) : (
            <button type="button" className="sp-button scan-button--reject" disabled={busy} onClick={props.onReject} aria-keyshortcuts="r">
              Reject <kbd>r</kbd>
            </button>
          )}
          <button type="button" className="sp-button sp-button--quiet" onClick={props.onSkip} aria-keyshortcuts="Space">
            Skip <kbd>space</kbd>
          </button>
        </div>
        {decision?.kind === 'failed' ? (
          <p className="sp-form__error scan-card__error" role="alert">
            {decision.message}
          </p>
        ) : null}
      </footer>
    </article>
  );
});
