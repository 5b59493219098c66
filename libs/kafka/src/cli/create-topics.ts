import { loadAppConfig } from '@lib/config';
import { ensureTopics } from '../topic-admin';

/* eslint-disable no-console -- a command-line tool reports on stdout */
ensureTopics(loadAppConfig('migrations').kafka).then(
  (created) => {
    console.log(created.length > 0 ? `Created topics: ${created.join(', ')}` : 'All topics exist');
  },
  (error: unknown) => {
    console.error('Topic creation failed:', error);
    process.exit(1);
  },
);
