import { markdownToHtml } from './markdown';

// In the browser DOMPurify cleans what markdown-it makes (the e2e checks the page); here, with
// no DOM, this checks the first lock alone: markdown-it turns raw HTML into text.
describe('comment Markdown', () => {
  it('shows raw HTML as text, never as elements', () => {
    const html = markdownToHtml('<img src=x onerror="alert(1)"> <b>bold?</b> <script>alert(2)</script>');
    expect(html).not.toMatch(/<img|<b>|<script/);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('&lt;b&gt;bold?&lt;/b&gt;');
  });

  it('formats Markdown, and keeps only safe links', () => {
    expect(markdownToHtml('**SN Ia** at z = 0.03')).toContain('<strong>SN Ia</strong>');
    const links = markdownToHtml('[paper](https://arxiv.org/abs/2101.00001) [bad](javascript:alert(1))');
    expect(links).toContain('<a href="https://arxiv.org/abs/2101.00001" target="_blank" rel="noopener noreferrer nofollow">paper</a>');
    expect(links).not.toContain('href="javascript');
    expect(links).toContain('[bad](javascript:alert(1))'); // left as the text it is
  });

  it('marks @mentions, not addresses, nor inside links or code', () => {
    expect(markdownToHtml('ping (@bob), and @carol!')).toContain(
      'ping (<span class="comments-mention-tag">@bob</span>), and <span class="comments-mention-tag">@carol</span>!',
    );
    expect(markdownToHtml('mail a@b.org')).not.toContain('comments-mention-tag');
    expect(markdownToHtml('`@bob` [@bob](https://example.org)')).not.toContain('comments-mention-tag');
  });
});
