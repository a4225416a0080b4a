/**
 * After a comment is committed: its source's open pages are told (exactly the comment's groups,
 * before and after an edit).
 */
import type { LiveHub } from '@skyportal/sdk';
import type { CommentsChangedMessage } from '../../types.js';
import type { CommentTarget } from './targets.js';

export class CommentEvents {
  constructor(private readonly live: LiveHub) {}

  /** `comments.changed` on `source:<obj_id>`, to the groups that read (or read until now) the comment. */
  async changed(target: CommentTarget, commentId: number, action: CommentsChangedMessage['data']['action'], groupIds: readonly number[]): Promise<void> {
    const message: CommentsChangedMessage = {
      type: 'comments.changed',
      data: { obj_id: target.objId, spectrum_id: target.spectrumId, comment_id: commentId, action },
    };
    await this.live.publish(`source:${target.objId}`, message, { groupIds: [...new Set(groupIds)] });
  }
}
