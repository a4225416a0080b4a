/**
 * After a comment is committed: its source's open pages are told (exactly the comment's groups,
 * before and after an edit), and the users it mentions are notified.
 */
import type { LiveHub, Principal } from '@skyportal/sdk';
import type { CommentsChangedMessage } from '../../types.js';
import type { Mentions } from '../mentions.js';
import type { CommentTarget, CommentTargets } from './targets.js';

export class CommentEvents {
  constructor(
    private readonly live: LiveHub,
    private readonly mentions: Mentions,
    private readonly targets: CommentTargets,
  ) {}

  /**
   * `comments.changed` on `source:<obj_id>`, to the groups that read (or read until now) the
   * comment, within those who may see its spectrum when it is about one.
   */
  async changed(target: CommentTarget, commentId: number, action: CommentsChangedMessage['data']['action'], groupIds: readonly number[]): Promise<void> {
    const message: CommentsChangedMessage = {
      type: 'comments.changed',
      data: { obj_id: target.objId, spectrum_id: target.spectrumId, comment_id: commentId, action },
    };
    const audience = { groupIds: [...new Set(groupIds)], ...(target.readers ? { within: target.readers } : {}) };
    await this.live.publish(`source:${target.objId}`, message, audience);
  }

  /**
   * Notifies the users `text` mentions who may read the comment: in one of its groups, and able to
   * see its subject. After an edit (`before`: the text until now), only names the edit added.
   */
  async mentioned(author: Principal, target: CommentTarget, text: string, groupIds: readonly number[], before?: string): Promise<number[]> {
    const about = target.spectrumId === null ? `a comment on ${target.objId}` : `a comment on a spectrum of ${target.objId}`;
    return this.mentions.notify({
      author,
      text,
      about,
      url: `/source/${encodeURIComponent(target.objId)}`,
      before,
      mayRead: async (reader) =>
        (reader.isSystemAdmin || groupIds.some((id) => reader.groupIds.includes(id))) &&
        this.targets.mayRead(reader, { obj_id: target.objId, spectrum_id: target.spectrumId }),
    });
  }
}
