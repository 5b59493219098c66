import { Command } from 'commander';
import { UsageError } from '../cli-error';
import { KINDS } from '../kinds';
import { out } from '../stdout';

/** Words completed after the command: kinds for get/describe/delete, else the subcommand's options. */
function words(program: Command): { commands: string[]; kinds: string[]; options: Record<string, string[]> } {
  const commands = program.commands.map((c) => c.name());
  const options: Record<string, string[]> = {};
  for (const c of program.commands) {
    options[c.name()] = [...c.options, ...program.options].flatMap((o) =>
      [o.short, o.long].filter((f): f is string => Boolean(f)),
    );
    const subs = c.commands.map((s) => s.name());
    if (subs.length) {
      options[c.name()].push(...subs);
    }
  }
  return { commands, kinds: [...KINDS.map((k) => k.plural), 'configuration'], options };
}

export function bashCompletion(program: Command): string {
  const w = words(program);
  const cases = Object.entries(w.options)
    .map(([cmd, opts]) => `    ${cmd}) opts="${opts.join(' ')}" ;;`)
    .join('\n');
  return `# edgectl bash completion: source <(edgectl completion bash)
_edgectl() {
  local cur cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd="\${COMP_WORDS[1]}"
  if [[ \${COMP_CWORD} -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "${w.commands.join(' ')}" -- "$cur") )
    return
  fi
  case "$cmd" in
${cases}
  esac
  if [[ \${COMP_CWORD} -eq 2 && "$cmd" =~ ^(get|describe|delete)$ && "$cur" != -* ]]; then
    opts="${w.kinds.join(' ')}"
  fi
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _edgectl edgectl
`;
}

export function zshCompletion(program: Command): string {
  return `#compdef edgectl
# edgectl zsh completion: source <(edgectl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program)}`;
}

export function completionCommand(program: Command): Command {
  return new Command('completion')
    .description('Print a shell completion script')
    .argument('<shell>', 'bash|zsh')
    .addHelpText(
      'after',
      `
Examples:
  source <(edgectl completion bash)
  edgectl completion zsh > "\${fpath[1]}/_edgectl"`,
    )
    .action((shell: string) => {
      if (shell === 'bash') {
        out(bashCompletion(program));
      } else if (shell === 'zsh') {
        out(zshCompletion(program));
      } else {
        throw new UsageError(`completion: bash or zsh, not "${shell}"`);
      }
    });
}
