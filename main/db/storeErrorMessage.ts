import type { Language } from '../../preload/contract';
import type { StoreError } from './errors';

/**
 * Start-up failures of the store in the user's language. Shown in a dialog before any window
 * exists, so they cannot go through the renderer's catalogs.
 */
export function storeErrorMessage(error: StoreError, language: Language): string {
  const ko = language === 'ko';
  switch (error.code) {
    case 'DB_TOO_NEW':
      return ko
        ? `이 PC의 상담 데이터베이스는 더 새로운 버전의 Sori Desk에서 만들어졌습니다. 데이터를 보호하기 위해 파일을 건드리지 않았습니다. Sori Desk를 최신 버전으로 업데이트하세요.\n(${error.message})`
        : `This computer's Sori Desk database was written by a newer version of Sori Desk. It was left untouched to protect your data. Please update Sori Desk.\n(${error.message})`;
    case 'DB_CORRUPT':
    case 'DB_OPEN_FAILED':
      return ko
        ? `상담 데이터베이스를 열 수 없습니다. IT 담당자에게 문의하세요.\n(${error.message})`
        : `The Sori Desk database could not be opened. Please contact IT.\n(${error.message})`;
  }
}
