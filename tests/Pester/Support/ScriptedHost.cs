// A PowerShell host for tests that answers prompts from a script, so a test can say "Yes" or "No" to -Confirm,
// ShouldContinue and ConfirmImpact High prompts, and read what each prompt said. Anything it has no scripted
// answer for fails at once instead of waiting. Compiled by TestSupport.ps1 with Add-Type.
// BeforePrompt lets a test act while a prompt waits (a colleague's change): the script runs in a new PowerShell
// instance with its own runspace, never as a delegate on the prompting thread, which would deadlock.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ZeroTrustOrg.Tests
{
    public sealed class PromptSeen
    {
        public string Caption { get; set; }
        public string Message { get; set; }
        public string[] Choices { get; set; }
        public string Answer { get; set; }
        public string DefaultChoice { get; set; }
    }

    public sealed class ScriptedHost : PSHost
    {
        private readonly ScriptedUserInterface _ui;
        private readonly Guid _id = Guid.NewGuid();

        public ScriptedHost(IEnumerable<string> answers)
        {
            _ui = new ScriptedUserInterface(answers);
        }

        public List<PromptSeen> Prompts { get { return _ui.Prompts; } }

        /// <summary>
        /// Before answering prompt number <paramref name="number"/> (1 = the first), runs <paramref name="script"/> with
        /// <paramref name="arguments"/> in a new PowerShell instance that has imported <paramref name="modulePath"/>.
        /// </summary>
        public void BeforePrompt(int number, string modulePath, string script, params object[] arguments)
        {
            _ui.BeforePrompt[number] = new PromptHook { ModulePath = modulePath, Script = script, Arguments = arguments ?? new object[0] };
        }

        /// <summary>Errors the BeforePrompt scripts wrote or threw, as text.</summary>
        public List<string> HookErrors { get { return _ui.HookErrors; } }

        /// <summary>When the answers run out, fail as a -NonInteractive console does (PSInvalidOperationException) instead of as a test bug.</summary>
        public bool NonInteractiveWhenOutOfAnswers { get { return _ui.NonInteractiveWhenOutOfAnswers; } set { _ui.NonInteractiveWhenOutOfAnswers = value; } }
        public List<string> Lines { get { return _ui.Lines; } }

        /// <summary>Every progress record written, as the very instances the host was given.</summary>
        public List<ProgressRecord> Progress { get { return _ui.Progress; } }

        /// <summary>What Read-Host -AsSecureString gets; null (the default) makes it fail instead of waiting.</summary>
        public string SecureAnswer { get { return _ui.SecureAnswer; } set { _ui.SecureAnswer = value; } }

        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
        public override Guid InstanceId { get { return _id; } }
        public override string Name { get { return "ZeroTrustOrg.Tests.ScriptedHost"; } }
        public override PSHostUserInterface UI { get { return _ui; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override void EnterNestedPrompt() { throw new NotSupportedException(); }
        public override void ExitNestedPrompt() { throw new NotSupportedException(); }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class PromptHook
    {
        public string ModulePath;
        public string Script;
        public object[] Arguments;

        public void Run(List<string> errors)
        {
            using (PowerShell shell = PowerShell.Create())
            {
                shell.AddCommand("Import-Module").AddParameter("Name", ModulePath).AddParameter("ErrorAction", "Stop");
                shell.AddStatement().AddScript(Script);
                foreach (object argument in Arguments) shell.AddArgument(argument);
                try
                {
                    shell.Invoke();
                    foreach (ErrorRecord error in shell.Streams.Error) errors.Add(error.ToString());
                }
                catch (Exception ex)
                {
                    errors.Add(ex.ToString());
                }
            }
        }
    }

    public sealed class ScriptedUserInterface : PSHostUserInterface
    {
        public Dictionary<int, PromptHook> BeforePrompt = new Dictionary<int, PromptHook>();
        public List<string> HookErrors = new List<string>();
        public bool NonInteractiveWhenOutOfAnswers;

        private readonly Queue<string> _answers;
        private readonly ScriptedRawUserInterface _raw = new ScriptedRawUserInterface();

        public ScriptedUserInterface(IEnumerable<string> answers)
        {
            _answers = new Queue<string>(answers ?? new string[0]);
        }

        public List<PromptSeen> Prompts = new List<PromptSeen>();
        public List<string> Lines = new List<string>();
        public List<ProgressRecord> Progress = new List<ProgressRecord>();
        public string SecureAnswer;

        public override PSHostRawUserInterface RawUI { get { return _raw; } }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var labels = new List<string>();
            foreach (var choice in choices) labels.Add(choice.Label.Replace("&", string.Empty));
            PromptHook hook;
            if (BeforePrompt.TryGetValue(Prompts.Count + 1, out hook))
            {
                hook.Run(HookErrors);
            }

            if (_answers.Count == 0)
            {
                if (NonInteractiveWhenOutOfAnswers)
                {
                    Prompts.Add(new PromptSeen { Caption = caption, Message = message, Choices = labels.ToArray(), Answer = null });
                    throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
                }

                throw new InvalidOperationException("The scripted host has no answer left for the prompt: " + caption + " / " + message);
            }

            string answer = _answers.Dequeue();
            Prompts.Add(new PromptSeen { Caption = caption, Message = message, Choices = labels.ToArray(), Answer = answer, DefaultChoice = defaultChoice >= 0 && defaultChoice < labels.Count ? labels[defaultChoice] : null });
            int index = labels.FindIndex(label => string.Equals(label, answer, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new InvalidOperationException("The scripted answer '" + answer + "' is not one of: " + string.Join(", ", labels));
            }

            return index;
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            // Read-Host -AsSecureString -Prompt asks here for one SecureString field.
            var answers = new Dictionary<string, PSObject>();
            foreach (FieldDescription field in descriptions)
            {
                if (SecureAnswer == null || field.ParameterTypeFullName != typeof(SecureString).FullName)
                {
                    throw new InvalidOperationException("Prompt() was called: " + caption + " / " + message);
                }

                answers[field.Name] = PSObject.AsPSObject(ReadLineAsSecureString());
            }

            return answers;
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        {
            throw new InvalidOperationException("PromptForCredential() was called: " + caption);
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            throw new InvalidOperationException("PromptForCredential() was called: " + caption);
        }

        public override string ReadLine() { throw new InvalidOperationException("ReadLine() was called."); }
        public override SecureString ReadLineAsSecureString()
        {
            if (SecureAnswer == null) { throw new InvalidOperationException("ReadLineAsSecureString() was called."); }
            var secure = new SecureString();
            foreach (char c in SecureAnswer) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
        public override void Write(string value) { Lines.Add(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { Lines.Add(value); }
        public override void WriteLine(string value) { Lines.Add(value); }
        public override void WriteErrorLine(string value) { Lines.Add("ERROR: " + value); }
        public override void WriteDebugLine(string message) { Lines.Add("DEBUG: " + message); }
        public override void WriteProgress(long sourceId, ProgressRecord record) { Progress.Add(record); }
        public override void WriteVerboseLine(string message) { Lines.Add("VERBOSE: " + message); }
        public override void WriteWarningLine(string message) { Lines.Add("WARNING: " + message); }
    }

    public sealed class ScriptedRawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; }
        public override Size BufferSize { get { return new Size(120, 50); } set { } }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override ConsoleColor ForegroundColor { get; set; }
        public override bool KeyAvailable { get { return false; } }
        public override Size MaxPhysicalWindowSize { get { return new Size(120, 50); } }
        public override Size MaxWindowSize { get { return new Size(120, 50); } }
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get { return new Size(120, 50); } set { } }
        public override string WindowTitle { get; set; }
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) { throw new NotSupportedException(); }
        public override KeyInfo ReadKey(ReadKeyOptions options) { throw new InvalidOperationException("ReadKey() was called."); }
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
