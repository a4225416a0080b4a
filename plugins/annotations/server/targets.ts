/**
 * What an annotation is about: a source (`/api/sources/{id}/annotations`) or one of its spectra
 * (`/api/spectra/{id}/annotations`, while the spectra plugin is enabled). The one place that asks
 * the owning plugin whether the caller may see it: an annotation is read only where its subject is.
 */
import type { Audience, Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { SpectraService } from '@skyportal/plugin-spectra/types';
import type { AnnotationResource } from '../types.js';
import type { Subject } from './store.js';

export interface Target extends Subject {
  resource: AnnotationResource;
  /** Who may see a spectrum (its groups and owner), to narrow live messages; absent for a source, whose channel admits only those who see it. */
  readers?: Audience;
}

type VisibleSpectrum = NonNullable<Awaited<ReturnType<SpectraService['visibleSpectrum']>>>;

const spectrumTarget = (spectrum: VisibleSpectrum): Target => ({
  resource: 'spectra',
  objId: spectrum.obj_id,
  spectrumId: spectrum.id,
  readers: { groupIds: spectrum.groupIds, userIds: spectrum.owner_id === null ? [] : [spectrum.owner_id] },
});

export class Targets {
  constructor(
    private readonly sources: SourcesService,
    /** undefined: the spectra plugin is switched off, and spectra have no annotations. */
    private readonly spectra: Pick<SpectraService, 'visibleSpectrum'> | undefined,
  ) {}

  /** The subject named by a path (`{id}` of the resource), if the caller may see it. */
  async visible(user: Principal, resource: AnnotationResource, id: string | number): Promise<Target | undefined> {
    if (resource === 'sources') {
      const objId = String(id);
      return (await this.sources.visibleObj(user, objId)) ? { resource, objId, spectrumId: null } : undefined;
    }
    const spectrum = await this.spectra?.visibleSpectrum(user, Number(id));
    return spectrum ? spectrumTarget(spectrum) : undefined;
  }

  /** The subject of a stored annotation, if the caller may see it. */
  async of(user: Principal, annotation: { obj_id: string; spectrum_id: number | null }): Promise<Target | undefined> {
    if (annotation.spectrum_id === null) return this.visible(user, 'sources', annotation.obj_id);
    return this.visible(user, 'spectra', annotation.spectrum_id);
  }
}

/** The id a path names an annotation's subject by: the source id, or the spectrum id. */
export const pathIdOf = (annotation: { obj_id: string; spectrum_id: number | null }): string =>
  annotation.spectrum_id === null ? annotation.obj_id : String(annotation.spectrum_id);
