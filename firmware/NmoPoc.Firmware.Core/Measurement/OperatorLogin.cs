namespace NmoPoc.Firmware.Measurement
{
    /// <summary>Who is operating the unit now. A round or session cannot start without a valid operator.</summary>
    public sealed class OperatorLogin
    {
        /// <summary>The current operator's badge number; null when nobody is logged in.</summary>
        public string Current { get; private set; }

        /// <summary>Rejected login attempts (bad badge configuration or keypad entry).</summary>
        public int Rejected { get; private set; }

        public bool IsLoggedIn
        {
            get { return Current != null; }
        }

        /// <summary>Logs <paramref name="id"/> in if it is valid; otherwise keeps the current operator and says why not.</summary>
        public OperatorIdError TryLogIn(string id)
        {
            OperatorIdError error = OperatorId.Validate(id);
            if (error == OperatorIdError.None)
            {
                Current = id;
            }
            else
            {
                Rejected++;
            }

            return error;
        }

        public void LogOut()
        {
            Current = null;
        }
    }
}
