import { useState } from 'react';
import type { Thumbnail } from '../types';

/**
 * Marks the source's position: every stamp is centred on it (ZTF's cutouts around the
 * detection, the survey cutouts are requested at the position). Four ticks with a gap, so the
 * source itself stays visible.
 */
export function Crosshair() {
  return (
    <svg className="thumbnails-crosshair" viewBox="0 0 100 100" aria-hidden="true" data-testid="thumbnail-crosshair">
      <line x1="50" y1="28" x2="50" y2="42" />
      <line x1="50" y1="58" x2="50" y2="72" />
      <line x1="28" y1="50" x2="42" y2="50" />
      <line x1="58" y1="50" x2="72" y2="50" />
    </svg>
  );
}

interface Props {
  thumbnail: Thumbnail;
  /** Text for the image (what it shows). */
  alt: string;
  /** Small stamps load when near the view; the enlarged one at once. */
  lazy?: boolean;
}

/** The image with its crosshair, or a placeholder when it cannot be loaded (a survey out of reach, an offline browser). */
export function Stamp({ thumbnail, alt, lazy = true }: Props) {
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <span className="thumbnails-placeholder" role="img" aria-label={`${alt} (unavailable)`} data-testid="thumbnail-placeholder">
        Image unavailable
      </span>
    );
  }
  return (
    <>
      <img src={thumbnail.public_url} alt={alt} loading={lazy ? 'lazy' : 'eager'} onError={() => setBroken(true)} referrerPolicy="no-referrer" />
      <Crosshair />
    </>
  );
}
