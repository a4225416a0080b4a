import type { CommentAuthor } from '../types';

/** "Jane Doe (jdoe)", or the username alone, or "a deleted user". */
export function authorName(author: CommentAuthor | null): string {
  if (!author) return 'a deleted user';
  const full = [author.first_name, author.last_name].filter(Boolean).join(' ');
  return full ? `${full} (${author.username})` : author.username;
}

/** Who wrote it, with the bot marker for what a script (a token) posted. */
export function Author({ author, bot }: { author: CommentAuthor | null; bot: boolean }) {
  return (
    <span className="comments-author">
      <strong>{authorName(author)}</strong>
      {bot ? (
        <span className="sp-chip sp-chip--accent" title="Posted by a script, with a token" data-testid="bot-marker">
          bot
        </span>
      ) : null}
    </span>
  );
}
