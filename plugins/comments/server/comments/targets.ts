/**
 * What a comment is about: a source (`/api/sources/{id}/comments`) or one of its spectra
 * (`/api/spectra/{id}/comments`, while the spectra plugin is enabled). The one place that asks the
 * owning plugin whether the caller may see it: a comment is read only where its subject is.
 */
import type { Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { CommentResource } from '../../types.js';

/** The part of the spectra plugin's service comments use (its `spectraService`). */
export interface SpectraAccess {
  visibleSpectrum(user: Principal, id: number): Promise<{ id: number; obj_id: string } | undefined>;
}

export interface CommentTarget {
  resource: CommentResource;
  objId: string;
  /** null: the source itself. */
  spectrumId: number | null;
}

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
    return spectrum ? { resource, objId: spectrum.obj_id, spectrumId: spectrum.id } : undefined;
  }

  /** Whether the caller may see the subject of a stored comment. */
  async mayRead(user: Principal, comment: { obj_id: string; spectrum_id: number | null }): Promise<boolean> {
    if (comment.spectrum_id === null) return this.sources.visibleObj(user, comment.obj_id);
    return Boolean(await this.spectra?.visibleSpectrum(user, comment.spectrum_id));
  }
}

/** The id a path names a comment's subject by: the source id, or the spectrum id. */
export const pathIdOf = (comment: { obj_id: string; spectrum_id: number | null }): string =>
  comment.spectrum_id === null ? comment.obj_id : String(comment.spectrum_id);
