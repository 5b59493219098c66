import { Command, CommanderError } from 'commander';
import { CliError, describeError, EXIT } from './cli-error';
import { auditCommand, tokenCommand, versionCommand } from './commands/admin.command';
import { applyCommand, deleteCommand, diffCommand } from './commands/catalogue.command';
import { completionCommand } from './commands/completion.command';
import { configCommand, loginCommand } from './commands/contexts.command';
import { describeCommand } from './commands/describe.command';
import { getCommand } from './commands/get.command';
import {
  approveCommand,
  decommissionCommand,
  labelCommand,
  rejectCommand,
} from './commands/lifecycle.command';
import { preauthCommand } from './commands/preauth.command';
import { rolloutPolicyCommand, rolloutsCommand } from './commands/rollouts.command';
import { CLIENT_VERSION } from './version';

/** Every command, with `--context` and `--server` on each; commander's own errors become usage errors (2). */
export function buildProgram(): Command {
  const program = new Command('edgectl')
    .description('Operate a Flotta edge fleet through the management API, in the habits of kubectl')
    .version(CLIENT_VERSION, '--client-version', 'print the client version')
    .option('--context <name>', 'use this saved context instead of the current one')
    .option('--server <url>', 'the management API to talk to, overriding the context')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  edgectl login http://127.0.0.1:8081 --token-file .stack/admin-token
  edgectl get enrolments
  edgectl approve rpi-0042 --namespace fleet --label app=camera
  edgectl apply -f camera.yaml -n fleet
  edgectl describe device rpi-0042 -n fleet

Exit codes: 0 success, 1 error, 2 usage error, 3 not found, 4 refused (401/403 or no token).`,
  );
  for (const command of [
    loginCommand(),
    configCommand(),
    getCommand(),
    describeCommand(),
    approveCommand(),
    rejectCommand(),
    labelCommand(),
    decommissionCommand(),
    preauthCommand(),
    applyCommand(),
    diffCommand(),
    deleteCommand(),
    rolloutsCommand(),
    rolloutPolicyCommand(),
    auditCommand(),
    tokenCommand(),
    versionCommand(),
  ]) {
    program.addCommand(command);
  }
  program.addCommand(completionCommand(program));
  applyToAll(program, (c) => c.exitOverride().showHelpAfterError('(run with --help for usage)'));
  return program;
}

function applyToAll(command: Command, fn: (c: Command) => void): void {
  fn(command);
  command.commands.forEach((c) => applyToAll(c, fn));
}

/** Runs the command line; resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are displayed by commander and exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${describeError(error).join('\n')}\n`);
      return error.exitCode;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
}
