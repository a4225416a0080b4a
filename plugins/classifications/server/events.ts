/**
 * Live messages after a commit: a source's open pages refetch its classifications
 * (`classifications.changed` on `source:<obj_id>`, to the groups that read it before or after the
 * change); pages holding taxonomies refetch them (`taxonomies.changed` on `group:<id>`). Only ids:
 * each page asks for what its user may read. A failed message never fails the stored write.
 */
import type { LiveHub, Logger } from '@skyportal/sdk';
import type { ClassificationsChangedMessage, TaxonomiesChangedMessage } from '../types.js';

export class ClassificationEvents {
  constructor(
    private readonly live: LiveHub,
    private readonly logger: Logger,
  ) {}

  async classificationChanged(objId: string, classificationId: number, action: ClassificationsChangedMessage['data']['action'], groupIds: readonly number[]) {
    const message: ClassificationsChangedMessage = { type: 'classifications.changed', data: { obj_id: objId, classification_id: classificationId, action } };
    await this.send(() => this.live.publish(`source:${objId}`, message, { groupIds: [...new Set(groupIds)] }));
  }

  async taxonomyChanged(taxonomyId: number, action: TaxonomiesChangedMessage['data']['action'], groupIds: readonly number[]) {
    const message: TaxonomiesChangedMessage = { type: 'taxonomies.changed', data: { taxonomy_id: taxonomyId, action } };
    await this.send(() => this.live.publishToGroups([...new Set(groupIds)], message));
  }

  private async send(publish: () => Promise<unknown>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      this.logger.error({ err: error }, 'classifications live message failed');
    }
  }
}
