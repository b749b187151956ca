import { runCaseFiles } from '../../case-files';

runCaseFiles(__dirname, 2, 2);
