Attribute VB_Name = "VetQA"
' VetQA ribbon callbacks for vetqa_xl.xlam.
'
' Built into the add-in by `vetqa-xl addin build` (vetqa_xl/addin.py), next to
' xlwings' own VBA module "xlwings" (which provides RunPython).
'
' Keep this file ASCII only: VBA stores module source in the project's ANSI
' code page. Thai text here is written as \uXXXX escapes, turned into
' characters with ChrW at run time, and shown with Windows' Unicode message
' box (MessageBoxW): VBA's own MsgBox shows Thai as ???? unless the PC's
' language for non-Unicode programs is Thai. Every other message comes from
' Python (vetqa_xl.excel), which shows Unicode text.
'
' The two @...@ placeholders are replaced at build time with the vetqa_xl
' package version and the xlwings version the add-in was built against.
Option Explicit

Public Const VETQA_ADDIN_VERSION As String = "@VETQA_VERSION@"
Public Const VETQA_XLWINGS_VERSION As String = "@XLWINGS_VERSION@"

#If Mac Then
#ElseIf VBA7 Then
Private Declare PtrSafe Function VetQA_MessageBoxW Lib "user32" Alias "MessageBoxW" _
    (ByVal hWnd As LongPtr, ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#Else
Private Declare Function VetQA_MessageBoxW Lib "user32" Alias "MessageBoxW" _
    (ByVal hWnd As Long, ByVal lpText As Long, ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

' The one ribbon callback: every button in customUI14.xml has
' onAction="VetQA_OnAction"; the Python side dispatches on control.Id.
Public Sub VetQA_OnAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        VetQA_Show VetQA_NoBookMessage(VetQA_InProtectedView())
        Exit Sub
    End If
    RunPython VetQA_VersionGuard() & "import vetqa_xl.excel as x; x.on_ribbon('" & control.Id & "')"
End Sub

' True when the window in front is a Protected View window (a file from the
' internet or e-mail): its workbook is not ActiveWorkbook until the user
' clicks Enable Editing.
Private Function VetQA_InProtectedView() As Boolean
    On Error Resume Next
    VetQA_InProtectedView = Not (Application.ActiveProtectedViewWindow Is Nothing)
End Function

' What to tell the user when no workbook can run the button, Thai then English.
Public Function VetQA_NoBookMessage(ByVal inProtectedView As Boolean) As String
    If inProtectedView Then
        VetQA_NoBookMessage = VetQA_Unescape( _
               "\u0E44\u0E1F\u0E25\u0E4C\u0E19\u0E35\u0E49\u0E40\u0E1B\u0E34" & _
               "\u0E14\u0E2D\u0E22\u0E39\u0E48\u0E43\u0E19\u0E21\u0E38\u0E21" & _
               "\u0E21\u0E2D\u0E07\u0E17\u0E35\u0E48\u0E44\u0E14\u0E49\u0E23" & _
               "\u0E31\u0E1A\u0E01\u0E32\u0E23\u0E1B\u0E49\u0E2D\u0E07\u0E01" & _
               "\u0E31\u0E19 \u0E04\u0E25\u0E34\u0E01 \u0E40\u0E1B\u0E34" & _
               "\u0E14\u0E43\u0E0A\u0E49\u0E07\u0E32\u0E19\u0E01\u0E32\u0E23" & _
               "\u0E41\u0E01\u0E49\u0E44\u0E02 \u0E01\u0E48\u0E2D\u0E19 " & _
               "\u0E41\u0E25\u0E49\u0E27\u0E01\u0E14\u0E1B\u0E38\u0E48\u0E21" & _
               "\u0E2D\u0E35\u0E01\u0E04\u0E23\u0E31\u0E49\u0E07") & vbCrLf & vbCrLf & _
               "This workbook is in Protected View: click Enable Editing first, then click the button again."
    Else
        VetQA_NoBookMessage = VetQA_Unescape( _
               "\u0E01\u0E23\u0E38\u0E13\u0E32\u0E40\u0E1B\u0E34\u0E14\u0E44" & _
               "\u0E1F\u0E25\u0E4C\u0E23\u0E32\u0E22\u0E07\u0E32\u0E19\u0E01" & _
               "\u0E48\u0E2D\u0E19 \u0E41\u0E25\u0E49\u0E27\u0E01\u0E14" & _
               "\u0E1B\u0E38\u0E48\u0E21\u0E2D\u0E35\u0E01\u0E04\u0E23\u0E31" & _
               "\u0E49\u0E07") & vbCrLf & vbCrLf & _
               "Please open the report workbook first, then click the button again."
    End If
End Function

' A message box that shows Thai on any Windows code page.
Private Sub VetQA_Show(ByVal text As String)
    #If Mac Then
        MsgBox text, vbExclamation, "VetQA"
    #Else
        VetQA_MessageBoxW Application.Hwnd, StrPtr(text), StrPtr("VetQA"), vbExclamation
    #End If
End Sub

' Python statement run before the dispatcher: it compares the versions baked
' into this add-in with the installed vetqa_xl / xlwings packages; when they
' differ it shows a Thai and English message box and stops.
Private Function VetQA_VersionGuard() As String
    VetQA_VersionGuard = "import vetqa_xl.excel as x; x.version_guard('" & _
                         VETQA_XLWINGS_VERSION & "', '" & VETQA_ADDIN_VERSION & "'); "
End Function

' For Python (xlwings: app.macro("VetQA_AddinInfo")()) and for people in the
' Immediate window: which versions this add-in was built with.
Public Function VetQA_AddinInfo() As String
    VetQA_AddinInfo = "vetqa_xl=" & VETQA_ADDIN_VERSION & ";xlwings=" & VETQA_XLWINGS_VERSION & _
                      ";xlwings_vba=" & XLWINGS_VERSION
End Function

' Decodes \uXXXX escapes (ChrW) so that Thai messages can be kept in ASCII source.
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
