export * from './launchApp';
export * from './notices';
export * from './profileStore';
