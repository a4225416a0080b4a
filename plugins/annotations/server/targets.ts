/**
 * What an annotation is about: a source (`/api/sources/{id}/annotations`), one of its spectra
 * (`/api/spectra/{id}/annotations`, while the spectra plugin is enabled) or one of its photometry
 * points (`/api/photometry/{id}/annotations`, while photometry is). The one place that asks the
 * owning plugin whether the caller may see it: an annotation is read only where its subject is.
 */
import type { Audience, Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { SpectraService } from '@skyportal/plugin-spectra/types';
import type { PhotometryService } from '@skyportal/plugin-photometry/types';
import type { AnnotationResource } from '../types.js';
import { resourceOf, type Subject } from './store.js';

export interface Target extends Subject {
  resource: AnnotationResource;
  /** Who may see a spectrum or point (its groups and owner), to narrow live messages; absent for a source, whose channel admits only those who see it. */
  readers?: Audience;
}

const readersOf = (record: { groupIds: number[]; owner_id: number | null }): Audience => ({
  groupIds: record.groupIds,
  userIds: record.owner_id === null ? [] : [record.owner_id],
});

export class Targets {
  constructor(
    private readonly sources: SourcesService,
    /** undefined: the spectra plugin is switched off, and spectra have no annotations. */
    private readonly spectra: Pick<SpectraService, 'visibleSpectrum'> | undefined,
    /** undefined: the photometry plugin is switched off, and points have no annotations. */
    private readonly photometry: Pick<PhotometryService, 'visiblePoint'> | undefined,
  ) {}

  /** The subject named by a path (`{id}` of the resource), if the caller may see it. */
  async visible(user: Principal, resource: AnnotationResource, id: string | number): Promise<Target | undefined> {
    if (resource === 'sources') {
      const objId = String(id);
      return (await this.sources.visibleObj(user, objId)) ? { resource, objId, spectrumId: null, photometryId: null } : undefined;
    }
    if (resource === 'spectra') {
      const spectrum = await this.spectra?.visibleSpectrum(user, Number(id));
      return spectrum && { resource, objId: spectrum.obj_id, spectrumId: spectrum.id, photometryId: null, readers: readersOf(spectrum) };
    }
    const point = await this.photometry?.visiblePoint(user, Number(id));
    return point && { resource, objId: point.obj_id, spectrumId: null, photometryId: point.id, readers: readersOf(point) };
  }

  /** The subject of a stored annotation, if the caller may see it. */
  async of(user: Principal, annotation: { obj_id: string; spectrum_id: number | null; photometry_id: number | null }): Promise<Target | undefined> {
    return this.visible(user, resourceOf(annotation), pathIdOf(annotation));
  }
}

/** The id a path names an annotation's subject by: the source id, the spectrum id or the point id. */
export const pathIdOf = (annotation: { obj_id: string; spectrum_id: number | null; photometry_id: number | null }): string =>
  String(annotation.spectrum_id ?? annotation.photometry_id ?? annotation.obj_id);
