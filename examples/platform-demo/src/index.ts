export { runDemo, type DemoReport } from './demo-flow';
export { loadDemoSettings, type DemoSettings } from './demo-settings';
export { RecordingNarrator, ConsoleNarrator, type Narrator } from './narrator';
