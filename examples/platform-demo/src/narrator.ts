/** What the demo tells the person watching it. */
export interface Narrator {
  step(title: string): void;
  line(text: string): void;
}

export class ConsoleNarrator implements Narrator {
  private count = 0;

  step(title: string): void {
    this.count++;
    process.stdout.write(`\n\x1b[1m${String(this.count).padStart(2)}. ${title}\x1b[0m\n`);
  }

  line(text: string): void {
    process.stdout.write(`    ${text}\n`);
  }
}

/** Keeps the transcript, for the end-to-end test to read on failure. */
export class RecordingNarrator implements Narrator {
  readonly lines: string[] = [];

  step(title: string): void {
    this.lines.push(`== ${title}`);
  }

  line(text: string): void {
    this.lines.push(`   ${text}`);
  }
}
