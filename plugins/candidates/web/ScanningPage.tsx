import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { apiErrorOf, ErrorCard, useLoadedPlugins, useProfile, type ApiError, type LiveMessage } from '@skyportal/sdk/web';
import { useCandidatePageQuery, useDeleteListingMutation, useRejectCandidateMutation, useSaveCandidateMutation, useScanFiltersQuery } from './api';
import { CandidateCard } from './CandidateCard';
import type { Decision } from './decisions';
import { GroupChannel } from './GroupChannel';
import { actionFor, type ScanAction } from './keys';
import type { CandidatesAddedData, ScanCandidate } from './model';
import { addArrival, candidateQuery, defaultSaveGroups, defaultSettings, PAGE_SIZE, savableGroups, type ScanSettings } from './query';
import { REJECTED_LIST } from '../types';
import { SettingsForm } from './SettingsForm';
import { ShortcutLegend } from './ShortcutLegend';

const NIGHT_KEY = 'skyportal.scanning.night';
function readNight(): boolean {
  try {
    return localStorage.getItem(NIGHT_KEY) === '1';
  } catch {
    return false;
  }
}

const messageOf = (failure: unknown, fallback: string) => apiErrorOf(failure as ApiError)?.message ?? fallback;

/**
 * The scanning page: a night's candidates of the chosen filters, one card each, worked through
 * with the keyboard or the buttons. The list does not move under the scanner: decisions are shown
 * on the cards, later pages come from the same result set (the API's queryID), and candidates
 * arriving live are only counted until the scanner asks for them.
 */
export function ScanningPage() {
  const profile = useProfile();
  const navigate = useNavigate();
  const { plugins } = useLoadedPlugins();
  const surveyLinks = plugins.some((plugin) => plugin.name === 'survey-links');
  const groups = useMemo(() => (profile?.groups ?? []).filter((g) => !g.single_user_group), [profile]);
  const groupNames = useMemo(() => new Map(groups.map((g) => [g.id, g.name])), [groups]);
  // Save offers only the groups the server would take (can_save), so a tick never ends in a 400.
  const saveTo = useMemo(() => savableGroups(profile), [profile]);

  const [settings, setSettings] = useState<ScanSettings>(() => defaultSettings());
  const [pageNumber, setPageNumber] = useState(1);
  // Bumped to ask for page 1 again (new arrivals): part of the cache key, not of the request.
  const [generation, setGeneration] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
  const [decisions, setDecisions] = useState<Map<string, Decision>>(new Map());
  const [chosen, setChosen] = useState<Map<string, number[]>>(new Map());
  const [arrivals, setArrivals] = useState<readonly string[]>([]);
  const [night, setNight] = useState(() => readNight());
  // The whole page goes dark with it (the body's margins too), and back when the scanner leaves.
  useEffect(() => {
    document.body.classList.toggle('scan-night', night);
    return () => document.body.classList.remove('scan-night');
  }, [night]);

  const filtersResult = useScanFiltersQuery();
  const filters = useMemo(() => filtersResult.data ?? [], [filtersResult.data]);
  const filterNames = useMemo(
    () => new Map(filters.map((f) => [f.id, `${f.name} · ${groupNames.get(f.group_id) ?? `group ${f.group_id}`}`])),
    [filters, groupNames],
  );

  // Page 1 starts the result set and names it (queryID); later pages ask for that set, so
  // candidates that arrived meanwhile do not shift them. Page 1 stays cached: no second request.
  const firstPage = useCandidatePageQuery({ query: candidateQuery(settings, 1), generation });
  const queryID = firstPage.currentData?.queryID;
  const result = useCandidatePageQuery(
    { query: candidateQuery(settings, pageNumber, queryID), generation },
    { skip: pageNumber > 1 && !firstPage.currentData },
  );
  const page = result.currentData;
  const candidates = useMemo(() => page?.candidates ?? [], [page]);
  const total = page?.totalMatches ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const error = apiErrorOf(result.error);

  const cards = useRef<(HTMLElement | null)[]>([]);
  const moved = useRef(false);
  const active = candidates[Math.min(activeIndex, Math.max(candidates.length - 1, 0))];

  // Focus follows the scanner's place (after a key or an action, not on the first load).
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    const card = cards.current[activeIndex];
    card?.focus({ preventScroll: true });
    card?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, page]);

  const shown = useMemo(() => new Set(candidates.map((c) => c.id)), [candidates]);
  // Channels whose subscription the server has confirmed: a second confirmation is a reconnect,
  // and what was announced while the socket was away was told to no one.
  const subscribed = useRef(new Set<string>());
  const [mayHaveMissed, setMayHaveMissed] = useState(false);
  const onLive = useCallback(
    (message: LiveMessage) => {
      if (message.type === 'subscribed') {
        if (subscribed.current.has(message.channel)) setMayHaveMissed(true);
        subscribed.current.add(message.channel);
        return;
      }
      if (message.type !== 'candidates.added') return;
      setArrivals((pending) => addArrival(pending, message.data as CandidatesAddedData | undefined, settings, shown));
    },
    [settings, shown],
  );

  const decide = (objId: string, decision: Decision | null) =>
    setDecisions((current) => {
      const next = new Map(current);
      if (decision) next.set(objId, decision);
      else next.delete(objId);
      return next;
    });

  const [saveCandidate] = useSaveCandidateMutation();
  const [rejectCandidate] = useRejectCandidateMutation();
  const [deleteListing] = useDeleteListingMutation();
  const savable = useMemo(() => saveTo.map((g) => g.id), [saveTo]);
  const chosenFor = (candidate: ScanCandidate) => chosen.get(candidate.id) ?? defaultSaveGroups(candidate, savable);

  function goTo(index: number) {
    moved.current = true;
    setActiveIndex(Math.max(0, Math.min(index, candidates.length - 1)));
  }

  function changePage(next: number) {
    if (next < 1 || next > lastPage || next === pageNumber) return;
    moved.current = true;
    setPageNumber(next);
    setActiveIndex(0);
  }

  /** Onwards after a decision: the next card, or the next page's first. */
  function advance(index: number) {
    if (index + 1 < candidates.length) goTo(index + 1);
    else if (pageNumber < lastPage) changePage(pageNumber + 1);
  }

  async function save(candidate: ScanCandidate, index: number) {
    const groupIds = chosenFor(candidate);
    if (!groupIds.length) {
      decide(candidate.id, { kind: 'failed', message: 'Tick at least one group to save to.' });
      return;
    }
    decide(candidate.id, { kind: 'saving' });
    try {
      await saveCandidate({ id: candidate.id, ra: candidate.ra ?? 0, dec: candidate.dec ?? 0, group_ids: groupIds }).unwrap();
      decide(candidate.id, { kind: 'saved', groupNames: groupIds.map((id) => groupNames.get(id) ?? `group ${id}`) });
      advance(index);
    } catch (failure) {
      decide(candidate.id, { kind: 'failed', message: messageOf(failure, 'Could not save') });
    }
  }

  async function reject(candidate: ScanCandidate, index: number) {
    if (!profile) return;
    const before = decisions.get(candidate.id);
    if (before?.kind === 'rejected' || before?.kind === 'rejecting') return advance(index);
    decide(candidate.id, { kind: 'rejecting' });
    try {
      const { id } = await rejectCandidate({ user_id: profile.id, obj_id: candidate.id, list_name: REJECTED_LIST }).unwrap();
      decide(candidate.id, { kind: 'rejected', listingId: id });
      advance(index);
    } catch (failure) {
      decide(candidate.id, { kind: 'failed', message: messageOf(failure, 'Could not reject') });
    }
  }

  async function undoReject(candidate: ScanCandidate) {
    const decision = decisions.get(candidate.id);
    if (decision?.kind !== 'rejected') return;
    try {
      await deleteListing(decision.listingId).unwrap();
      decide(candidate.id, null);
    } catch (failure) {
      decide(candidate.id, { kind: 'failed', message: messageOf(failure, 'Could not undo the rejection') });
    }
  }

  function skip(candidate: ScanCandidate, index: number) {
    if (!decisions.has(candidate.id)) decide(candidate.id, { kind: 'skipped' });
    advance(index);
  }

  function showNew() {
    setArrivals([]);
    setMayHaveMissed(false);
    setPageNumber(1);
    setActiveIndex(0);
    setGeneration((g) => g + 1);
    moved.current = true;
  }

  function apply(next: ScanSettings) {
    setSettings(next);
    setArrivals([]);
    setMayHaveMissed(false);
    setPageNumber(1);
    setActiveIndex(0);
    setGeneration((g) => g + 1);
  }

  // The keys act on the current card; the handler reads this render's state through a ref.
  const perform = useRef<(action: ScanAction) => void>(() => undefined);
  function performAction(action: ScanAction) {
    const index = Math.min(activeIndex, candidates.length - 1);
    const current = candidates[index];
    switch (action) {
      case 'next':
        return index + 1 < candidates.length ? goTo(index + 1) : undefined;
      case 'previous':
        return goTo(index - 1);
      case 'nextPage':
        return changePage(pageNumber + 1);
      case 'previousPage':
        return changePage(pageNumber - 1);
      case 'showNew':
        return arrivals.length || mayHaveMissed ? showNew() : undefined;
      case 'save':
        return current ? void save(current, index) : undefined;
      case 'reject':
        return current ? void reject(current, index) : undefined;
      case 'skip':
        return current ? skip(current, index) : undefined;
      case 'open':
        return current ? navigate(`/source/${encodeURIComponent(current.id)}`) : undefined;
    }
  }
  useEffect(() => {
    perform.current = performAction;
  });
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      // Not while a dialog (another plugin's, the browser's) has the page.
      if (document.querySelector('dialog[open]')) return;
      const action = actionFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTag: target?.tagName,
        targetEditable: target?.isContentEditable,
      });
      if (!action) return;
      event.preventDefault();
      perform.current(action);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const offset = (pageNumber - 1) * PAGE_SIZE;
  const decided = candidates.filter((c) => decisions.has(c.id)).length;

  return (
    <div className={`sp-page scan-page${night ? ' scan-page--night' : ''}`}>
      {groups.map((group) => (
        <GroupChannel key={group.id} groupId={group.id} onMessage={onLive} />
      ))}
      <div className="scan-page__title">
        <h1>Scanning</h1>
        <p className="sp-muted" data-testid="scan-summary" aria-live="polite">
          {page
            ? `${total} candidate${total === 1 ? '' : 's'} · page ${pageNumber} of ${lastPage} · ${decided} of ${candidates.length} on this page decided`
            : 'Loading…'}
        </p>
        <button
          type="button"
          className="sp-button sp-button--quiet"
          aria-pressed={night}
          onClick={() => {
            setNight(!night);
            try {
              localStorage.setItem(NIGHT_KEY, night ? '0' : '1');
            } catch {
              // Private windows may refuse storage: the view still changes, for this visit.
            }
          }}
        >
          Night view
        </button>
      </div>
      <SettingsForm settings={settings} filters={filters} groupNames={groupNames} onApply={apply} />
      <ShortcutLegend />

      <div className="scan-arrivals" aria-live="polite" data-testid="scan-arrivals">
        {arrivals.length || mayHaveMissed ? (
          <>
            <span>
              {arrivals.length
                ? `${arrivals.length} new candidate${arrivals.length === 1 ? '' : 's'} since this list was loaded`
                : 'The connection was lost for a while: new candidates may have arrived'}
            </span>
            <button type="button" className="sp-button" onClick={showNew} aria-keyshortcuts="n">
              {arrivals.length ? 'Show them' : 'Reload the list'} <kbd>n</kbd>
            </button>
          </>
        ) : null}
      </div>

      {error ? <ErrorCard pluginName="candidates" title="Could not load candidates" message={error.message} /> : null}
      {page && candidates.length === 0 ? (
        <p className="sp-card scan-empty" data-testid="scan-empty">
          No candidates to scan for these filters and dates.
        </p>
      ) : null}

      <div className="scan-list" aria-label="Candidates" role="list" aria-busy={result.isFetching}>
        {candidates.map((candidate, index) => (
          <div role="listitem" key={candidate.id}>
            <CandidateCard
              ref={(element) => {
                cards.current[index] = element;
              }}
              candidate={candidate}
              position={offset + index + 1}
              total={total}
              active={candidate === active}
              decision={decisions.get(candidate.id)}
              groups={saveTo}
              chosenGroupIds={chosenFor(candidate)}
              filterNames={filterNames}
              surveyLinks={surveyLinks}
              onChooseGroups={(ids) => setChosen((current) => new Map(current).set(candidate.id, ids))}
              onActivate={() => setActiveIndex(index)}
              onSave={() => void save(candidate, index)}
              onReject={() => void reject(candidate, index)}
              onUndoReject={() => void undoReject(candidate)}
              onSkip={() => skip(candidate, index)}
            />
          </div>
        ))}
      </div>

      {page && total > PAGE_SIZE ? (
        <nav className="sp-pager" aria-label="Pages">
          <button type="button" className="sp-button sp-button--quiet" disabled={pageNumber <= 1} onClick={() => changePage(pageNumber - 1)}>
            Previous <kbd>[</kbd>
          </button>
          <span>
            Page {pageNumber} of {lastPage}
          </span>
          <button type="button" className="sp-button sp-button--quiet" disabled={pageNumber >= lastPage} onClick={() => changePage(pageNumber + 1)}>
            Next <kbd>]</kbd>
          </button>
        </nav>
      ) : null}
    </div>
  );
}
