/**
 * What a comment is about: a source (`/api/sources/{id}/comments`) or one of its spectra
 * (`/api/spectra/{id}/comments`, while the spectra plugin is enabled). The one place that asks the
 * owning plugin whether the caller may see it: a comment is read only where its subject is.
 */
import type { Audience, Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { CommentResource } from '../../types.js';

/** The part of the spectra plugin's service comments use (its `spectraService`). */
export interface SpectraAccess {
  visibleSpectrum(user: Principal, id: number): Promise<{ id: number; obj_id: string; owner_id: number | null; groupIds: number[] } | undefined>;
}

export interface CommentTarget {
  resource: CommentResource;
  objId: string;
  /** null: the source itself. */
  spectrumId: number | null;
  /**
   * Who may see the subject, where a live message must say so (a spectrum: its groups and owner);
   * absent for a source, whose channel only admits those who see it.
   */
  readers?: Audience;
}

const spectrumTarget = (spectrum: { id: number; obj_id: string; owner_id: number | null; groupIds: number[] }): CommentTarget => ({
  resource: 'spectra',
  objId: spectrum.obj_id,
  spectrumId: spectrum.id,
  readers: { groupIds: spectrum.groupIds, userIds: spectrum.owner_id === null ? [] : [spectrum.owner_id] },
});

export class CommentTargets {
  constructor(
    private readonly sources: SourcesService,
    /** undefined: the spectra plugin is switched off, and spectra have no comments. */
    readonly spectra: SpectraAccess | undefined,
  ) {}

  /** The subject named by a path (`{id}` of the resource), if the caller may see it. */
  async visible(user: Principal, resource: CommentResource, id: string | number): Promise<CommentTarget | undefined> {
    if (resource === 'sources') {
      const objId = String(id);
      return (await this.sources.visibleObj(user, objId)) ? { resource, objId, spectrumId: null } : undefined;
    }
    const spectrum = await this.spectra?.visibleSpectrum(user, Number(id));
    return spectrum ? spectrumTarget(spectrum) : undefined;
  }

  /** The subject of a stored comment, if the caller may see it. */
  async of(user: Principal, comment: { obj_id: string; spectrum_id: number | null }): Promise<CommentTarget | undefined> {
    if (comment.spectrum_id === null) return this.visible(user, 'sources', comment.obj_id);
    const spectrum = await this.spectra?.visibleSpectrum(user, comment.spectrum_id);
    return spectrum ? spectrumTarget(spectrum) : undefined;
  }

  /** Whether the caller may see the subject of a stored comment. */
  async mayRead(user: Principal, comment: { obj_id: string; spectrum_id: number | null }): Promise<boolean> {
    return (await this.of(user, comment)) !== undefined;
  }
}

/** The id a path names a comment's subject by: the source id, or the spectrum id. */
export const pathIdOf = (comment: { obj_id: string; spectrum_id: number | null }): string =>
  comment.spectrum_id === null ? comment.obj_id : String(comment.spectrum_id);
