export { apiUnderTest, type ApiUnderTest, ciRun } from './api-under-test.ts';
export { builtImage, IMAGE_RECORD, NO_IMAGE } from './built-image.ts';
export { Load } from './http-load.ts';
export {
  APP,
  appObjects,
  asList,
  findObject,
  type K8sObject,
  objectsNamed,
  OVERLAYS,
  renderOverlay,
} from './overlay.ts';
export {
  podmanHasImage,
  realNodeSkip,
  startKwokCluster,
  startRealNodeCluster,
  type TempCluster,
} from './real-node.ts';
