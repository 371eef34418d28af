@echo off
rem vetqa_xl: removes the Excel add-in and the program folder made by install.cmd.
rem cmd.exe reads this file in the console's code page (874, 437, ...), so everything above
rem "chcp 65001" is ASCII; the file is UTF-8 without a BOM, with CRLF line ends.
setlocal
rem The code page to give back at the end: the last word of chcp's answer ("874", "65001").
set "OLDCP="
for /f "tokens=*" %%A in ('chcp') do for %%B in (%%A) do set "OLDCP=%%B"
if defined OLDCP set "OLDCP=%OLDCP:.=%"
chcp 65001 >nul
set "RC=1"
set "VENV=%LOCALAPPDATA%\vetqa_xl"
set "ADDIN=%APPDATA%\Microsoft\Excel\XLSTART\vetqa_xl.xlam"
echo.
echo ถอนการติดตั้ง vetqa_xl
echo Removing vetqa_xl
echo.
if not defined LOCALAPPDATA goto :failed

echo [1/2] เอา add-in ออกจาก Excel (vetqa-xl addin remove)
echo       Removing the Excel add-in (vetqa-xl addin remove)
if not exist "%VENV%\Scripts\python.exe" goto :noprogram
"%VENV%\Scripts\python.exe" -m vetqa_xl addin remove || goto :failed
goto :folder
:noprogram
if exist "%ADDIN%" del "%ADDIN%"
if exist "%ADDIN%" goto :inuse

:folder
echo [2/2] ลบโฟลเดอร์ของโปรแกรม
echo       Deleting the program's folder
echo       "%VENV%"
if exist "%VENV%" rmdir /s /q "%VENV%"
if exist "%VENV%" goto :inuse

echo.
echo ถอนการติดตั้งเสร็จแล้ว (ไฟล์ข้อมูลของคุณไม่ถูกลบ)
echo Removed (your workbooks are not touched).
set "RC=0"
goto :end

:inuse
echo ลบไม่ได้ เพราะยังมีโปรแกรมใช้อยู่ ปิด Excel ทุกหน้าต่างแล้วลองใหม่
echo Something still uses it: close every Excel window and run this again.
goto :end

:failed
echo.
echo ถอนการติดตั้งไม่สำเร็จ ข้อความด้านบนบอกสาเหตุ ส่งภาพหน้าจอนี้ให้ผู้ดูแลระบบ
echo The removal failed; the lines above say why. Send a screenshot of this window to IT.

:end
echo.
pause
if defined OLDCP chcp %OLDCP% >nul
endlocal & exit /b %RC%
