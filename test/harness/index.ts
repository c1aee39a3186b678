export * from './launchApp';
