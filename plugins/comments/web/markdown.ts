// User text (comments, chat) as Markdown, never as the HTML it may contain. markdown-it with
// `html: false` escapes any raw HTML into text (so `<b>` reads as "<b>"), and refuses
// javascript:/vbscript:/data: links; DOMPurify then cleans what markdown-it produced, a second
// lock should either library ever let markup through. No regular expression touches the text.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { mentionedUsernames } from '../types';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

// Links from users open in a new tab and carry no referrer or endorsement.
const renderLink = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]!.attrSet('target', '_blank');
  tokens[index]!.attrSet('rel', 'noopener noreferrer nofollow');
  return renderLink(tokens, index, options, env, self);
};

// `@username` (as the server reads mentions: types.ts) is marked, outside links and code, so a
// reader sees who was called. Works on markdown-it's tokens: the text is never matched as HTML.
markdown.core.ruler.push('mentions', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: typeof block.children = [];
    let inLink = 0;
    const text = (content: string) => {
      if (!content) return;
      const token = new state.Token('text', '', 0);
      token.content = content;
      children.push(token);
    };
    for (const token of block.children) {
      if (token.type === 'link_open') inLink++;
      if (token.type === 'link_close') inLink--;
      if (token.type !== 'text' || inLink > 0) {
        children.push(token);
        continue;
      }
      let pending = '';
      for (const word of token.content.split(/(\s+)/)) {
        const [name] = mentionedUsernames(word);
        const at = name ? word.indexOf(`@${name}`) : -1;
        if (at < 0) {
          pending += word;
          continue;
        }
        text(pending + word.slice(0, at));
        const open = new state.Token('mention_open', 'span', 1);
        open.attrSet('class', 'comments-mention-tag');
        children.push(open);
        text(`@${name}`);
        children.push(new state.Token('mention_close', 'span', -1));
        pending = word.slice(at + name!.length + 1);
      }
      text(pending);
    }
    block.children = children;
  }
});

/** What Markdown may produce and still be shown: text formatting, lists, code, quotes, tables, links. */
const ALLOWED_TAGS = [
  'p',
  'br',
  'em',
  'strong',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
];
// `class` only ever comes from the mention rule above: markdown-it lets users set no attribute.
const ALLOWED_ATTR = ['href', 'title', 'target', 'rel', 'start', 'class'];

/** markdown-it's HTML for `text` (raw HTML escaped): the first lock, before DOMPurify's. */
export const markdownToHtml = (text: string): string => markdown.render(text);

/** HTML for `text` read as Markdown: safe to put into the page (images and raw HTML never come through). */
export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(markdownToHtml(text), { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false });
}
