import { useState } from 'react';
import { apiErrorOf, decToSexagesimal, ErrorCard, formatDegrees, raToSexagesimal } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import type { SurveyLink } from '../types';
import { useSurveyLinksQuery } from './api';

/** Links grouped under their configured headings, groups in the order they first appear. */
function grouped(links: SurveyLink[]): { group: string | null; links: SurveyLink[] }[] {
  const groups: { group: string | null; links: SurveyLink[] }[] = [];
  for (const link of links) {
    const found = groups.find((entry) => entry.group === link.group);
    if (found) found.links.push(link);
    else groups.push({ group: link.group, links: [link] });
  }
  return groups;
}

/** Copies a position as text; says whether it worked (the clipboard needs a secure page and leave to write). */
function CopyButton({ label, text }: { label: string; text: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      setSaid('Copy failed');
    }
  };
  return (
    <>
      <button type="button" className="sp-button sp-button--quiet" onClick={copy} title={text}>
        {label}
      </button>
      <span className="sp-muted" role="status">
        {said}
      </span>
    </>
  );
}

/** The configured surveys at the source's position, each opening in a new tab. */
export function SurveyLinksPanel({ sourceId, source }: SourceSlotProps) {
  const links = useSurveyLinksQuery(sourceId);
  const error = apiErrorOf(links.error);
  if (error) return <ErrorCard pluginName="survey-links" title="Survey links failed" message={error.message} />;
  if (links.data === undefined) return <p className="sp-muted">Loading…</p>;
  if (source.ra === null || source.dec === null) return <p className="sp-muted">This source has no position.</p>;
  const sexagesimal = `${raToSexagesimal(source.ra)} ${decToSexagesimal(source.dec)}`;
  const degrees = `${formatDegrees(source.ra)} ${formatDegrees(source.dec)}`;
  return (
    <div className="survey-links" data-testid="survey-links">
      <div className="survey-links__position">
        <span className="sp-mono">{sexagesimal}</span>
        <CopyButton label="Copy sexagesimal" text={sexagesimal} />
        <span className="sp-mono">{degrees}</span>
        <CopyButton label="Copy degrees" text={degrees} />
      </div>
      {links.data.length === 0 ? (
        <p className="sp-muted">No surveys are configured on this site.</p>
      ) : (
        grouped(links.data).map(({ group, links: inGroup }) => (
          <section className="survey-links__group" key={group ?? ''} aria-label={group ?? 'Surveys'}>
            <h3>{group ?? 'Surveys'}</h3>
            <ul className="survey-links__list">
              {inGroup.map((link) => (
                <li key={link.name}>
                  <a className="survey-links__link" href={link.url} target="_blank" rel="noopener noreferrer" title={link.description ?? undefined}>
                    {link.name}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
