export * from './launchApp';
export * from './notices';
