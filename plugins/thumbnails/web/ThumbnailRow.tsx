import { useEffect, useRef, useState } from 'react';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import type { Thumbnail } from '../types';
import { useSourceThumbnailsQuery } from './api';
import { thumbnailLabel } from './labels';
import { Stamp } from './Stamp';
import { ThumbnailDialog } from './ThumbnailDialog';

const keyOf = (thumbnail: Thumbnail) => (thumbnail.id === null ? `survey-${thumbnail.type}` : `id-${thumbnail.id}`);

/**
 * The source header's row of stamps: the survey's new, reference and difference images, then the
 * archival survey cutouts of the position, each labelled, each with a crosshair on the source;
 * a click (or Enter) enlarges one. A stamp that cannot load shows a placeholder in its place.
 */
export function ThumbnailRow({ sourceId }: SourceSlotProps) {
  const { currentData: thumbnails } = useSourceThumbnailsQuery(sourceId);
  const [open, setOpen] = useState<Thumbnail | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const wasOpen = useRef(false);
  // Back to the stamp once the dialog is gone (while it is modal, the page behind cannot take focus).
  useEffect(() => {
    if (open) wasOpen.current = true;
    else if (wasOpen.current) {
      wasOpen.current = false;
      opener.current?.focus();
    }
  }, [open]);
  if (!thumbnails?.length) return null;

  const close = () => setOpen(null);

  return (
    <>
      <ul className="thumbnails-row" aria-label="Thumbnails" data-testid="thumbnails-row">
        {thumbnails.map((thumbnail) => {
          const label = thumbnailLabel(thumbnail);
          return (
            <li key={keyOf(thumbnail)} data-testid={`thumbnail-${thumbnail.type}`}>
              <figure>
                <button
                  type="button"
                  className="thumbnails-stamp"
                  aria-label={`Enlarge the ${label} image`}
                  onClick={(event) => {
                    opener.current = event.currentTarget;
                    setOpen(thumbnail);
                  }}
                >
                  <Stamp thumbnail={thumbnail} alt={`${label} image of ${sourceId}`} />
                </button>
                <figcaption>{label}</figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
      {open ? <ThumbnailDialog sourceId={sourceId} thumbnail={open} onClose={close} /> : null}
    </>
  );
}
