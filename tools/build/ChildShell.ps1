# Finds the PowerShell executable to start a child shell of the same edition and version as this one.
# (Get-Process -Id $PID).Path is no answer: when pwsh runs as a .NET tool (dotnet pwsh) it is 'dotnet'.
# Works on Windows PowerShell 5.1 too, so no newer syntax belongs here.

function Get-ChildShell {
    <# Returns @{ FilePath; Arguments } where Arguments go before the shell's own arguments. #>
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        return @{ FilePath = (Join-Path -Path $PSHOME -ChildPath 'powershell.exe'); Arguments = @() }
    }

    $host_ = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $hostName = [System.IO.Path]::GetFileNameWithoutExtension($host_)
    $pwshDll = Join-Path -Path $PSHOME -ChildPath 'pwsh.dll'
    if ($hostName -eq 'dotnet' -and (Test-Path -LiteralPath $pwshDll)) {
        # A framework-dependent pwsh (the .NET tool): run it on the same dotnet host and runtime.
        return @{ FilePath = $host_; Arguments = @($pwshDll) }
    }

    foreach ($name in @('pwsh.exe', 'pwsh')) {
        $candidate = Join-Path -Path $PSHOME -ChildPath $name
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return @{ FilePath = $candidate; Arguments = @() }
        }
    }

    throw "No PowerShell executable was found in `$PSHOME ($PSHOME)."
}
