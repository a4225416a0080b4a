import { insertMention, mentionAt, suggestions } from './mention-text';

const member = (id: number, username: string, first_name: string | null = null, last_name: string | null = null) => ({ id, username, first_name, last_name });

describe('@mention suggestions', () => {
  it('find the @word the caret is in, and nothing elsewhere', () => {
    expect(mentionAt('ping @bo', 8)).toEqual({ start: 5, query: 'bo' });
    expect(mentionAt('ping @', 6)).toEqual({ start: 5, query: '' });
    expect(mentionAt('ping @bob now', 13)).toBeNull();
    expect(mentionAt('mail me at a@b.org', 18)).toBeNull();
    expect(mentionAt('@al', 3)).toEqual({ start: 0, query: 'al' });
  });

  it('offer usernames that start with what is typed, then first or last names, each once', () => {
    const members = [member(1, 'alice', 'Alice', 'Ng'), member(2, 'bob', 'Robert', 'Alvarez'), member(3, 'albert')];
    expect(suggestions(members, 'al').map((m) => m.username)).toEqual(['alice', 'albert', 'bob']);
    expect(suggestions(members, 'ROB').map((m) => m.username)).toEqual(['bob']);
    expect(suggestions(members, 'zz')).toEqual([]);
    expect(suggestions(members, '', 2)).toHaveLength(2);
  });

  it('put the picked username in place of the partial word, with the caret after it', () => {
    expect(insertMention('hi @bo, there', 3, 6, 'bob')).toEqual({ text: 'hi @bob , there', caret: 8 });
  });
});
