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
    case 'DB_KEY_MISSING':
      return ko
        ? `상담 데이터베이스는 암호화되어 있는데, 이 PC의 보안 저장소에 그 키가 없습니다. 파일은 그대로 두었습니다(삭제하지 않음). 보안 저장소(Windows 자격 증명, macOS 키체인)가 초기화되었거나 프로필이 다른 PC에서 복사되었을 수 있습니다. IT 담당자에게 문의하세요.\n(${error.message})`
        : `The Sori Desk database is encrypted, but this computer's secret store has no key for it. The file was left as it is (not deleted). The OS secret store may have been reset, or the profile copied from another computer. Please contact IT.\n(${error.message})`;
    case 'DB_KEY_REJECTED':
      return ko
        ? `상담 데이터베이스의 암호화 키가 맞지 않습니다. 파일은 그대로 두었습니다(삭제하지 않음). 다른 PC나 프로필의 키일 수 있습니다. IT 담당자에게 문의하세요.\n(${error.message})`
        : `The Sori Desk database's encryption key does not match. The file was left as it is (not deleted). The key may belong to another computer or profile. Please contact IT.\n(${error.message})`;
  }
}
