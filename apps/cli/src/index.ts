export { BaseCommand, type CommandArgs, type CommandFlags } from './base-command';
export { describeErrorCode, ERROR_CODES, EXIT, exitCodeFor, SUFFIX_RULES, type ErrorCodeEntry, type ExitCode } from './error-codes';
export { CliError, describeError, type ReportedError } from './lib/cli-error';
