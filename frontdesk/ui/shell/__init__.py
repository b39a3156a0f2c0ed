"""The application's frame: start-up, setup wizard, sign-in, the main window, screenshots."""
