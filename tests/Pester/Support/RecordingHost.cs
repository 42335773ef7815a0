// A PowerShell host for tests: it answers prompts from a script of choices and keeps every progress record,
// warning and prompt it is given, so a test can see what a real host would be shown. Loaded with Add-Type.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ZeroTrustOrg.PesterSupport
{
    public sealed class RecordingHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();
        private readonly RecordingUserInterface _ui = new RecordingUserInterface();

        public RecordingUserInterface Recorded => _ui;

        public override string Name => "RecordingHost";

        public override Version Version => new Version(1, 0);

        public override Guid InstanceId => _id;

        public override PSHostUserInterface UI => _ui;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        public override void SetShouldExit(int exitCode) { }

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication() { }

        public override void NotifyEndApplication() { }
    }

    public sealed class RecordingUserInterface : PSHostUserInterface
    {
        /// <summary>The answers to give, in order, as choice labels without the ampersand ("Yes", "No", "Yes to All").</summary>
        public Queue<string> Answers { get; } = new Queue<string>();

        public List<string> Prompts { get; } = new List<string>();

        /// <summary>What Read-Host -AsSecureString gets; null makes it fail as a host without input would.</summary>
        public string SecureAnswer { get; set; }

        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();

        public List<string> Warnings { get; } = new List<string>();

        public List<string> Verbose { get; } = new List<string>();

        /// <summary>Text the host was asked to show (WhatIf lines, Write-Host).</summary>
        public List<string> Lines { get; } = new List<string>();

        public override PSHostRawUserInterface RawUI => null;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(caption + "\n" + message);
            if (Answers.Count == 0)
            {
                throw new InvalidOperationException("The test gave no answer for this prompt: " + message);
            }

            string answer = Answers.Dequeue();
            for (int i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Label.Replace("&", string.Empty), answer, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new InvalidOperationException("No choice '" + answer + "' in this prompt.");
        }

        public override void WriteProgress(long sourceId, ProgressRecord record) => Progress.Add(record);

        public override void WriteWarningLine(string message) => Warnings.Add(message);

        public override void WriteVerboseLine(string message) => Verbose.Add(message);

        public override void WriteDebugLine(string message) { }

        public override void WriteErrorLine(string value) { }

        public override void Write(string value) => Lines.Add(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Add(value);

        public override void WriteLine(string value) => Lines.Add(value);

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            // Read-Host -AsSecureString -Prompt asks through here for one SecureString field.
            var answers = new Dictionary<string, PSObject>();
            foreach (FieldDescription field in descriptions)
            {
                if (SecureAnswer == null || field.ParameterTypeFullName != typeof(SecureString).FullName)
                {
                    throw new NotSupportedException("The test host does not read input.");
                }

                answers[field.Name] = PSObject.AsPSObject(ReadLineAsSecureString());
            }

            return answers;
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("The test host does not read input.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("The test host does not read input.");

        public override string ReadLine() => throw new NotSupportedException("The test host does not read input.");

        public override SecureString ReadLineAsSecureString()
        {
            if (SecureAnswer == null)
            {
                throw new NotSupportedException("The test host does not read input.");
            }

            var secure = new SecureString();
            foreach (char c in SecureAnswer)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
