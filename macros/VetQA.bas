Attribute VB_Name = "VetQA"
' VetQA ribbon callbacks for vetqa_xl.xlam.
'
' Built into the add-in by `vetqa-xl addin build` (vetqa_xl/addin.py), next to
' xlwings' own VBA module "xlwings" (which provides RunPython).
'
' Keep this file ASCII only: VBA stores module source in the project's ANSI
' code page, so Thai text lives in the ribbon XML (UTF-8) and in Python.
' Thai text needed here is written as \uXXXX escapes and decoded at run time.
'
' The two @...@ placeholders are replaced at build time with the vetqa_xl
' package version and the xlwings version the add-in was built against.
Option Explicit

Public Const VETQA_ADDIN_VERSION As String = "@VETQA_VERSION@"
Public Const VETQA_XLWINGS_VERSION As String = "@XLWINGS_VERSION@"

' The one ribbon callback: every button in customUI14.xml has
' onAction="VetQA_OnAction"; the Python side dispatches on control.Id.
Public Sub VetQA_OnAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Please open the report workbook first, then click the button again." & _
               vbCrLf & vbCrLf & VetQA_Unescape( _
               "\u0E01\u0E23\u0E38\u0E13\u0E32\u0E40\u0E1B\u0E34\u0E14\u0E44\u0E1F\u0E25\u0E4C" & _
               "\u0E23\u0E32\u0E22\u0E07\u0E32\u0E19\u0E01\u0E48\u0E2D\u0E19 " & _
               "\u0E41\u0E25\u0E49\u0E27\u0E01\u0E14\u0E1B\u0E38\u0E48\u0E21" & _
               "\u0E2D\u0E35\u0E01\u0E04\u0E23\u0E31\u0E49\u0E07"), _
               vbExclamation, "VetQA"
        Exit Sub
    End If
    RunPython VetQA_VersionGuard() & "import vetqa_xl.excel as x; x.on_ribbon('" & control.Id & "')"
End Sub

' Python statement run before the dispatcher: it compares the versions baked
' into this add-in with the installed vetqa_xl / xlwings packages and raises
' vetqa_xl.addin.AddinVersionMismatch (shown by xlwings' error popup) if they differ.
Private Function VetQA_VersionGuard() As String
    VetQA_VersionGuard = "import vetqa_xl.addin as a; a.check_addin_versions('" & _
                         VETQA_XLWINGS_VERSION & "', '" & VETQA_ADDIN_VERSION & "'); "
End Function

' For Python (xlwings: app.macro("VetQA_AddinInfo")()) and for people in the
' Immediate window: which versions this add-in was built with.
Public Function VetQA_AddinInfo() As String
    VetQA_AddinInfo = "vetqa_xl=" & VETQA_ADDIN_VERSION & ";xlwings=" & VETQA_XLWINGS_VERSION & _
                      ";xlwings_vba=" & XLWINGS_VERSION
End Function

' Decodes \uXXXX escapes so that Thai messages can be kept in ASCII source.
Private Function VetQA_Unescape(ByVal s As String) As String
    Dim i As Long, result As String
    i = 1
    Do While i <= Len(s)
        If Mid$(s, i, 2) = "\u" And i + 5 <= Len(s) Then
            result = result & ChrW(CLng("&H" & Mid$(s, i + 2, 4)))
            i = i + 6
        Else
            result = result & Mid$(s, i, 1)
            i = i + 1
        End If
    Loop
    VetQA_Unescape = result
End Function
