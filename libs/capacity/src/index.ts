export { type CapacitySlo } from './plateau.ts';
export { findCapacity, type CapacityResult } from './knee-finder.ts';
export { k6Ladder } from './k6-ladder.ts';
export { peakProfile, profileFromOptions, type RatePoint } from './profile.ts';
export { type Replay } from './replay.ts';
export { advise, type Advice } from './advice.ts';
export { rightSizeByCapacity } from './right-size.ts';
export { readScaledObjects } from './scaled-object.ts';
export { explain, explainExitCode, explanationText } from './explain.ts';
export { loadCapacityFigure } from './capacity-file.ts';
export {
  busiestOthers,
  machineBefore,
  noisy,
  type BusyProcess,
  type CpuWindow,
} from './machine-load.ts';
export { assessMachine, type MachineAssessment } from './machine-assessment.ts';
export { formatCpu, formatMemory, podResources, type PodResources } from './pod-resources.ts';
export {
  CgroupUnavailableError,
  cgroupLauncher,
  cgroupLayout,
  createPodCgroup,
  type PodCgroup,
} from './cgroup.ts';
