// What the scanner decided about each candidate on the page, kept in the page (not refetched), so a
// decision never moves the list under the scanner.

export type Decision =
  | { kind: 'saving' }
  | { kind: 'saved'; groupNames: string[] }
  | { kind: 'rejecting' }
  | { kind: 'rejected'; listingId: number }
  | { kind: 'skipped' }
  | { kind: 'failed'; message: string };

/** What the card's badge says, or null for an undecided candidate. */
export function decisionLabel(decision: Decision | undefined): string | null {
  switch (decision?.kind) {
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved to ${decision.groupNames.join(', ')}`;
    case 'rejecting':
      return 'Rejecting…';
    case 'rejected':
      return 'Rejected';
    case 'skipped':
      return 'Skipped';
    default:
      return null;
  }
}
