//! Everything a key press can ask the app to do.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `q`: asks first on a form with changes.
    Quit,
    /// Ctrl-C: quits at once from anywhere; an unsaved form is simply not saved.
    QuitNow,
    /// Ctrl-Z: give the terminal back and stop until `fg` (the event loop does it).
    Suspend,
    ToggleHelp,
    // check-in
    NoCramps,
    HaveCramps,
    /// A missed night left not logged, knowingly.
    Skip,
    OpenHistory,
    /// Between the dashboard and the history.
    SwitchView,
    // forms
    NextField,
    PrevField,
    Increase,
    Decrease,
    Toggle,
    Input(char),
    Backspace,
    /// `Delete` in a text field.
    DeleteForward,
    /// `Home`/`End` in a text field.
    LineStart,
    LineEnd,
    Save,
    Cancel,
    AddAnother,
    /// The tag picker for the night just saved.
    OpenTags,
    // history
    Up,
    Down,
    PageUp,
    PageDown,
    /// The newest day (`Home`, `g`).
    First,
    /// Where the diary began (`End`, `G`).
    Last,
    /// `/`: ask for a date and go to it.
    JumpTo,
    Edit,
    Delete,
    Undo,
    AddCramp,
    MarkCrampFree,
    EditContext,
    // sessions and the routine
    NewSession,
    RepeatSession,
    OpenRoutine,
    StartRoutine,
    StopRoutine,
    // insights
    OpenInsights,
    OpenPatterns,
    OpenYear,
    PreviousYear,
    NextYear,
    /// "Test it": an experiment plan for the selected factor.
    TestIt,
    // the on/off experiment
    OpenExperiment,
    StartExperiment,
    StopExperiment,
    /// The plan: what a new experiment tests, next choice.
    CycleIntervention,
    /// A daily habit's question: done (y) or not (n) on the day the night began.
    AnswerYes,
    AnswerNo,
    /// The history: the daily habit's question for the selected night.
    AnswerHabit,
    // sync
    /// `S`: sync with the sync folder now.
    SyncNow,
    /// `C`: the conflicts between devices.
    OpenSyncConflicts,
}
