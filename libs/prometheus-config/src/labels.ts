/** The job that scrapes crocodile-api, and the labels every target of it carries. */
export const APP_JOB = 'crocodile-api';
export const TARGET_LABELS = { namespace: 'namespace', pod: 'pod' } as const;
