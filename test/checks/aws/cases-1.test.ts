import { runCaseFiles } from '../../case-files';

runCaseFiles(__dirname, 1, 2);
