import { runCaseFiles } from '../../case-files';

runCaseFiles(__dirname, 3, 3);
