export {
  CROCODILE_API_MAIN,
  K6_BUNDLE_DIR,
  LOCAL_K6,
  VERSIONS_ENV,
  WORKSPACE_CLUSTER,
  WORKSPACE_K6,
  WORKSPACE_ROOT,
  workspacePath,
} from './workspace-root.ts';
export {
  type ImageRecord,
  imageRecordPath,
  readImageRecord,
  updateImageRecord,
} from './image-record.ts';
export {
  checkInputFile,
  checkOutputDir,
  checkOutputFile,
  PathOptionError,
} from './path-options.ts';
