import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteConflict } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { noteConflictResolved } from '../syncSlice';

/**
 * 충돌: notes changed here and in the CRM while this desktop was offline. Both versions side by
 * side; the agent keeps theirs (내 메모 유지, sent over the CRM's) or takes the CRM's.
 */
export function NoteConflicts() {
  const { t } = useTranslation();
  const conflicts = useAppSelector((state) => state.sync.conflicts);
  const titleId = useId();
  if (conflicts.length === 0) return null;
  return (
    <section className="note-conflicts" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('sync.conflictTitle')}
      </h2>
      <p>{t('sync.conflictHint')}</p>
      {conflicts.map((conflict) => (
        <ConflictRow key={conflict.noteId} conflict={conflict} />
      ))}
    </section>
  );
}

function ConflictRow({ conflict }: { conflict: NoteConflict }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <article className="note-conflicts__item" aria-label={t('sync.conflictItem')}>
      <div className="note-conflicts__versions">
        <figure>
          <figcaption>{t('sync.mine')}</figcaption>
          <p className="note-conflicts__body">{conflict.mine.body}</p>
        </figure>
        <figure>
          <figcaption>{t('sync.theirs')}</figcaption>
          <p className="note-conflicts__body">{conflict.theirs.body}</p>
        </figure>
      </div>
      <button
        type="button"
        className="btn"
        onClick={() => dispatch(noteConflictResolved({ noteId: conflict.noteId, keep: 'mine' }))}
      >
        {t('sync.keepMine')}
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => dispatch(noteConflictResolved({ noteId: conflict.noteId, keep: 'theirs' }))}
      >
        {t('sync.takeTheirs')}
      </button>
    </article>
  );
}
