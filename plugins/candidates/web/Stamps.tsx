import { useState } from 'react';
import type { ScanThumbnail } from './model';

/** The survey's cutouts a scanner compares, in this order. `_gz` types are the same images. */
const KINDS = [
  { type: 'new', label: 'New' },
  { type: 'ref', label: 'Reference' },
  { type: 'sub', label: 'Difference' },
] as const;

const thumbnailOf = (thumbnails: ScanThumbnail[] | undefined, type: string) =>
  thumbnails?.find((t) => t.type === type) ?? thumbnails?.find((t) => t.type === `${type}_gz`);

function Stamp({ objId, label, thumbnail }: { objId: string; label: string; thumbnail: ScanThumbnail | undefined }) {
  const [broken, setBroken] = useState(false);
  const missing = !thumbnail || broken;
  return (
    <figure className="scan-stamp" data-testid={`scan-stamp-${label.toLowerCase()}`}>
      <div className="scan-stamp__frame">
        {missing ? (
          <span className="scan-stamp__missing" role="img" aria-label={`${label} image of ${objId} (unavailable)`}>
            no image
          </span>
        ) : (
          <>
            <img src={thumbnail.public_url} alt={`${label} image of ${objId}`} loading="lazy" onError={() => setBroken(true)} />
            {/* The source is at the centre of every cutout: ticks with a gap, so it stays visible. */}
            <svg className="scan-stamp__cross" viewBox="0 0 100 100" aria-hidden="true">
              <line x1="50" y1="26" x2="50" y2="40" />
              <line x1="50" y1="60" x2="50" y2="74" />
              <line x1="26" y1="50" x2="40" y2="50" />
              <line x1="60" y1="50" x2="74" y2="50" />
            </svg>
          </>
        )}
      </div>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** New, reference and difference cutouts side by side, each labelled (a placeholder when missing). */
export function Stamps({ objId, thumbnails }: { objId: string; thumbnails: ScanThumbnail[] | undefined }) {
  return (
    <div className="scan-stamps" role="group" aria-label={`Cutouts of ${objId}`}>
      {KINDS.map(({ type, label }) => (
        <Stamp key={type} objId={objId} label={label} thumbnail={thumbnailOf(thumbnails, type)} />
      ))}
    </div>
  );
}
