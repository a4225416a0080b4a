import { useMemo } from 'react';
import { renderMarkdown } from './markdown';

/** A user's text shown as Markdown; raw HTML in it reads as text (see markdown.ts). */
export function Markdown({ text, testId }: { text: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  // Safe by construction: markdown-it escaped every raw tag and DOMPurify kept only formatting.
  return <div className="comments-markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
