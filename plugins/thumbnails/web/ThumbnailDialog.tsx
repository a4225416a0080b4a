import { useEffect, useId, useRef } from 'react';
import type { Thumbnail } from '../types';
import { isRemote, thumbnailLabel } from './labels';
import { Stamp } from './Stamp';

interface Props {
  sourceId: string;
  thumbnail: Thumbnail;
  onClose: () => void;
}

/** One thumbnail, large, in a modal <dialog>: focus moves into it, Esc or Close closes it and focus returns to the stamp. */
export function ThumbnailDialog({ sourceId, thumbnail, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const label = thumbnailLabel(thumbnail);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="sp-dialog thumbnails-dialog"
      aria-labelledby={titleId}
      onCancel={onClose}
      // A click on the backdrop (outside the dialog's box) closes it too.
      onClick={(event) => {
        if (event.target === dialog.current) onClose();
      }}
      data-testid="thumbnail-dialog"
    >
      <div className="thumbnails-dialog__header">
        <h2 id={titleId}>
          {label} <span className="sp-muted sp-mono">{sourceId}</span>
        </h2>
        <button type="button" className="sp-button sp-button--secondary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <div className="thumbnails-large">
        <Stamp thumbnail={thumbnail} alt={`${label} image of ${sourceId}, enlarged`} lazy={false} />
      </div>
      <p className="thumbnails-dialog__meta sp-muted">
        {thumbnail.width && thumbnail.height ? `${thumbnail.width} × ${thumbnail.height} px` : 'Survey cutout, about 1′ across'}
        {thumbnail.origin ? ` · ${thumbnail.origin}` : ''}
        {isRemote(thumbnail) ? (
          <>
            {' · '}
            <a href={thumbnail.public_url} target="_blank" rel="noreferrer noopener">
              Open at the survey
            </a>
          </>
        ) : null}
      </p>
    </dialog>
  );
}
